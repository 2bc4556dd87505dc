#!/usr/bin/env bash
# mvnw's JDK finder: the README's commands must work whatever the default `java` is. Runs `./mvnw --version` (no
# build) under different JAVA_HOME / PATH / install places and checks which JDK Maven was started with.
# Usage: src/test/shell/mvnw-jdk-test.sh  (from the repository root; .ci/run runs it)
set -uo pipefail
cd "$(dirname "$0")/../../.."

passed=0 failed=0
check() { # name, condition-result (0 = ok), details
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; printf '%s\n' "$3" | sed 's/^/     /'; fi
}

major_of() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
old="" new=""
for d in /usr/lib/jvm/* /usr/lib/jvm/*/; do
  d="${d%/}"; [ -x "$d/bin/javac" ] || continue
  v="$(major_of "$d")"; [ -n "$v" ] || continue
  if [ "$v" -lt 21 ] && [ -z "$old" ]; then old="$d"; fi
  if [ "$v" -ge 21 ] && [ -z "$new" ]; then new="$d"; fi
done
if [ -z "$new" ]; then echo "mvnw-jdk-test: needs a JDK >= 21 under /usr/lib/jvm"; echo "0 passed, 1 failed"; exit 1; fi

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# a directory whose `java` is the old JDK (or none at all), standing in for a default java 17
mkdir -p "$tmp/oldbin"
[ -n "$old" ] && ln -s "$old/bin/java" "$tmp/oldbin/java" && ln -s "$old/bin/javac" "$tmp/oldbin/javac"
base_path="$tmp/oldbin:/usr/bin:/bin"

# 1. no JAVA_HOME, an old java first on PATH: a JDK >= 21 from the standard places
out="$(env -u JAVA_HOME PATH="$base_path" ./mvnw --version 2>&1)"
grep -q "runtime: $new" <<<"$out"; check "no JAVA_HOME, old java on PATH -> $new" $? "$out"

# 2. JAVA_HOME pointing at an old JDK: said on stderr, and a JDK >= 21 used instead
if [ -n "$old" ]; then
  out="$(JAVA_HOME="$old" PATH="$base_path" ./mvnw --version 2>&1)"
  { grep -q "runtime: $new" <<<"$out" && grep -q "JAVA_HOME ($old) is older than JDK 21" <<<"$out"; }
  check "JAVA_HOME=$old -> note + $new" $? "$out"
fi

# 3. JAVA_HOME that is suitable is used as it is (fake JDK 21: a java that reports where it was started)
mkdir -p "$tmp/jdk-21/bin"
printf 'JAVA_VERSION="21.0.4"\n' >"$tmp/jdk-21/release"
printf '#!/bin/sh\necho "fake java 21 at $0"\n' >"$tmp/jdk-21/bin/java"
printf '#!/bin/sh\nexit 0\n' >"$tmp/jdk-21/bin/javac"
chmod +x "$tmp/jdk-21/bin/java" "$tmp/jdk-21/bin/javac"
out="$(JAVA_HOME="$tmp/jdk-21" PATH="$base_path" ./mvnw --version 2>&1)"
grep -q "fake java 21 at $tmp/jdk-21/bin/java" <<<"$out"; check "suitable JAVA_HOME is kept" $? "$out"

# 4. among several install places the oldest suitable JDK wins (stable when a newer one is installed)
out="$(env -u JAVA_HOME PATH="$base_path" MVNW_JDK_CANDIDATES="$new $tmp/jdk-*" ./mvnw --version 2>&1)"
grep -q "fake java 21 at $tmp/jdk-21/bin/java" <<<"$out"; check "oldest suitable install place wins" $? "$out"

# 5. nothing suitable anywhere: exit 1 with one line that says what to install
err="$(env -u JAVA_HOME PATH="$base_path" MVNW_JDK_CANDIDATES="$tmp/none/*" ./mvnw --version 2>&1 >/dev/null)"; rc=$?
{ [ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && grep -q "needs a JDK 21 or newer" <<<"$err" \
  && grep -q "install one" <<<"$err"; }
check "no suitable JDK -> exit 1, one line saying what to install" $? "rc=$rc: $err"

echo "mvnw-jdk: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

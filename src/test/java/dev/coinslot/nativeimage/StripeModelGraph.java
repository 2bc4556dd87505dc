package dev.coinslot.nativeimage;

import com.google.gson.annotations.JsonAdapter;
import com.stripe.model.ExpandableField;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes which stripe-java classes Gson touches by reflection when it (de)serialises the given roots: the roots,
 * their nested classes and superclasses, the types of their instance fields (generic arguments included), and the
 * adapters named by {@code @JsonAdapter}. The object behind an {@link ExpandableField} is only followed when expanded,
 * which Coinslot never asks for, so it is not followed here.
 */
final class StripeModelGraph {

    private StripeModelGraph() {
    }

    static Set<String> reachableFrom(List<Class<?>> roots) {
        Set<String> seen = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.getName().startsWith("com.stripe.") || !seen.add(c.getName())) {
                continue;
            }
            for (Class<?> nested : c.getDeclaredClasses()) {
                todo.push(nested);
            }
            if (c.getSuperclass() != null) {
                todo.push(c.getSuperclass());
            }
            JsonAdapter classAdapter = c.getAnnotation(JsonAdapter.class);
            if (classAdapter != null) {
                todo.push(classAdapter.value());
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                JsonAdapter adapter = f.getAnnotation(JsonAdapter.class);
                if (adapter != null) {
                    todo.push(adapter.value());
                }
                push(f.getGenericType(), todo);
            }
        }
        return seen;
    }

    private static void push(Type type, Deque<Class<?>> todo) {
        switch (type) {
            case Class<?> c -> todo.push(c);
            case ParameterizedType p -> {
                todo.push((Class<?>) p.getRawType());
                if (p.getRawType() != ExpandableField.class) {
                    for (Type arg : p.getActualTypeArguments()) {
                        push(arg, todo);
                    }
                }
            }
            case GenericArrayType a -> push(a.getGenericComponentType(), todo);
            case WildcardType w -> {
                for (Type bound : w.getUpperBounds()) {
                    push(bound, todo);
                }
            }
            default -> {
            }
        }
    }
}

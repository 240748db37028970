package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model keeps its state to itself (BASELINE.md, "Layout"): learning changes it through
 * methods, everyone else reads it through getters. Fails for a class of otb.baseline.model
 * (nested ones too) that declares a public field anyone could write: one not final, or a final
 * collection, map or array whose contents could be changed.
 */
class EncapsulationTest {

    @Test
    void noModelClassDeclaresAWritablePublicField() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> classes = modelClasses();
        assertFalse(classes.isEmpty(), "no compiled classes of otb.baseline.model found");
        List<String> violations = new ArrayList<>();
        for (Class<?> type : classes) {
            violations.addAll(writablePublicFields(type));
        }
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    /** A class written to break the rule: the check must see both fields, and only them. */
    @SuppressWarnings("unused")
    static final class Leaky {
        public static final int LIMIT = 8;
        public final String name = "";
        public long counter;
        public final Map<String, Long> byName = Map.of();
        public final long[] history = new long[0];
        private final List<Long> hidden = new ArrayList<>();
    }

    @Test
    void theCheckSeesWritableAndMutableCollectionFields() {
        String leaky = Leaky.class.getName();
        assertEquals(Set.of(
                        leaky + ".counter: public and not final",
                        leaky + ".byName: public, its contents writable (java.util.Map)",
                        leaky + ".history: public, its contents writable (long[])"),
                Set.copyOf(writablePublicFields(Leaky.class)));
    }

    static List<String> writablePublicFields(Class<?> type) {
        List<String> violations = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isPublic(modifiers) || field.isSynthetic()) {
                continue;
            }
            String name = type.getName() + "." + field.getName();
            Class<?> fieldType = field.getType();
            if (!Modifier.isFinal(modifiers)) {
                violations.add(name + ": public and not final");
            } else if (Collection.class.isAssignableFrom(fieldType) || Map.class.isAssignableFrom(fieldType)
                    || fieldType.isArray()) {
                violations.add(name + ": public, its contents writable (" + fieldType.getTypeName() + ")");
            }
        }
        return violations;
    }

    /** Every class compiled into otb.baseline.model, nested and anonymous ones included. */
    private static List<Class<?>> modelClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Baseline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = root.resolve(Baseline.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replaceFirst("\\.class$", "");
                classes.add(Class.forName(Baseline.class.getPackageName() + "." + simple, false,
                        EncapsulationTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}

package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StorageObjectsTest {
    /** The rule as it was written before the check by hand: the check must agree with it everywhere. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static boolean byRule(String id) {
        return id != null && RULE.matcher(id).matches() && !id.contains("..");
    }

    @Test
    void namesThatCouldLeaveTheDeviceAreRefused() {
        for (String bad : new String[] {null, "", ".", "..", "../x", "a/b", "a..b", "-a", ".a", "_a", "a b",
                "a\\b", "é", "a\u0000", "x".repeat(129)}) {
            assertThat(StorageObjects.isValidObjectId(bad)).as("%s", bad).isFalse();
        }
        for (String good : new String[] {"a", "0", "mirror-1", "obj_2.img", "a.b.c", "a.", "A-._z", "x".repeat(128)}) {
            assertThat(StorageObjects.isValidObjectId(good)).as("%s", good).isTrue();
        }
    }

    @Test
    void theCheckAgreesWithTheRuleOnRandomNames() {
        String alphabet = "aZ09._-/\\ é\u0000:";
        SplittableRandom random = new SplittableRandom(20261205);
        for (int n = 0; n < 200_000; n++) {
            int length = random.nextInt(random.nextInt(8) == 0 ? 140 : 6);
            StringBuilder id = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = id.toString();
            assertThat(StorageObjects.isValidObjectId(s)).as("%s", s).isEqualTo(byRule(s));
        }
    }
}

package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppInfoTest {

    @Test
    void versionComesFromTheManifestWithDevAsFallback() {
        assertThat(AppInfo.versionOr("0.1.0")).isEqualTo("0.1.0");
        assertThat(AppInfo.versionOr(null)).isEqualTo("dev");
        assertThat(AppInfo.versionOr(" ")).isEqualTo("dev");
    }

    @Test
    void runningFromClassesSaysDev() {
        // Tests run from target/classes, which has no manifest.
        assertThat(AppInfo.current()).isEqualTo(new AppInfo("TagMirror", "dev"));
    }
}

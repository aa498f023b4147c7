package io.tagmirror.console.ui;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** The application icon at the sizes window managers ask for; the same images as the installer's. */
public final class AppIcons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private AppIcons() {
    }

    /** Every size found on the class path (none when run without resources). */
    public static List<Image> all() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            Image image = load(size);
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }

    /** One size, or null when it is not on the class path. */
    public static Image load(int size) {
        URL url = AppIcons.class.getResource("/io/tagmirror/icons/tagmirror-" + size + ".png");
        return url == null ? null : new Image(url.toExternalForm());
    }
}

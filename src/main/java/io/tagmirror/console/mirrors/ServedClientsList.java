package io.tagmirror.console.mirrors;

import io.tagmirror.serve.ServedClient;
import java.time.Duration;
import java.time.Instant;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/**
 * The clients of a served mirror: each on two lines, who and since when, then its figures, wrapped
 * to the list's width. Beside the charts of a 1280-pixel window the one line per client of before
 * needed a horizontal scroll bar to be read.
 */
final class ServedClientsList {

    private ServedClientsList() {
    }

    /** A list of {@code clients}, refreshed as the list is. */
    static ListView<ServedClient> of(ObservableList<ServedClient> clients) {
        ListView<ServedClient> list = new ListView<>(clients);
        list.setId("serveClients");
        list.setPlaceholder(new Label("No client connected"));
        list.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                // sized by the list, not by its text: a long line wraps instead of widening the list
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(ServedClient c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : describe(c, Instant.now()));
            }
        });
        return list;
    }

    /** "#1 unix socket · connected 12 min 5 s" and, below, "21 reads · 552 writes · 81 flushes · 0 errors". */
    static String describe(ServedClient c, Instant now) {
        return "#" + c.id() + " " + c.remote() + (c.tls() ? " (TLS)" : "") + " · connected " + connectedFor(c, now)
                + "\n" + String.format("%,d", c.reads()) + " reads · " + String.format("%,d", c.writes()) + " writes · "
                + String.format("%,d", c.flushes()) + " flushes · " + String.format("%,d", c.errors()) + " errors";
    }

    /** "42 s", "12 min 5 s", "3 h 20 min". */
    static String connectedFor(ServedClient c, Instant now) {
        long s = Math.max(0, Duration.between(c.connected(), now).toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}

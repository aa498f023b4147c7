package io.tagmirror.console.task;

/** What running work may report about itself while it runs. */
public interface JobProgress {

    /** A progress reporter that drops everything, for work run where nobody watches. */
    JobProgress NONE = new JobProgress() {
        @Override
        public void message(String message) {
        }

        @Override
        public void progress(double done, double total) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** A short line describing the current step, e.g. "Reading /mnt/backup". */
    void message(String message);

    /** How far the work is; a negative {@code done} means "unknown". */
    void progress(double done, double total);

    /** True once someone cancelled the job; long work should check this and stop early. */
    boolean isCancelled();
}

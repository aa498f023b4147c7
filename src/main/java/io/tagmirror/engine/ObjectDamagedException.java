package io.tagmirror.engine;

/**
 * A device is readable but its storage object of a mirror is gone or shorter than the mirror: the
 * data it held (all of it, or its tail) is lost and named by no entry. The device leaves the mirror
 * until its object is rebuilt from a healthy member or the device is replaced.
 */
public class ObjectDamagedException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    /** What happened to the object file. */
    public enum Damage {
        /** The file is gone: every block the device held for the mirror is lost. */
        MISSING,
        /** The file is shorter than the mirror: the blocks past its end are lost. */
        TRUNCATED
    }

    private final String objectId;
    private final Damage damage;

    public ObjectDamagedException(String objectId, Damage damage, String message) {
        super(message);
        this.objectId = objectId;
        this.damage = damage;
    }

    public String objectId() {
        return objectId;
    }

    public Damage damage() {
        return damage;
    }
}

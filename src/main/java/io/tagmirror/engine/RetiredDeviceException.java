package io.tagmirror.engine;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** A device was offered as a member of a mirror that replaced it since: it must not be assembled. */
public final class RetiredDeviceException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    private final transient Membership.Retirement retirement;

    RetiredDeviceException(Membership.Retirement retirement, Function<UUID, String> nameOf) {
        super(sentence(retirement, nameOf));
        this.retirement = retirement;
    }

    /** The retired device. */
    public UUID device() {
        return retirement.retired().device();
    }

    /** The member that holds its role now, when one does. */
    public Optional<UUID> replacedBy() {
        return Optional.ofNullable(retirement.replacedBy());
    }

    /** The same refusal, naming devices as {@code nameOf} knows them (a workspace knows more paths than the engine). */
    public RetiredDeviceException naming(Function<UUID, String> nameOf) {
        return new RetiredDeviceException(retirement, nameOf);
    }

    private static String sentence(Membership.Retirement r, Function<UUID, String> nameOf) {
        Membership.Record retired = r.retired();
        Membership.Record witness = r.witness();
        String device = retired.location();
        String mirror = retired.definition().name();
        String what = r.replacedBy() == null
                ? "device " + device + " is no longer a member of mirror " + mirror
                : "device " + device + " was replaced by " + nameOf.apply(r.replacedBy()) + " in mirror " + mirror;
        String where = (witness.device() == null ? " in " : " on ") + witness.location();
        String why = witness.definition().generation() > retired.definition().generation()
                ? "membership generation " + witness.definition().generation() + where + "; it still records "
                + retired.definition().generation()
                : "the record of its members" + where + " no longer lists it";
        String wayOut = witness.device() == null ? "the mirror goes on without it"
                : "import the mirror from " + witness.location();
        return what + " (" + why + "): its copy is out of date and it cannot rejoin; " + wayOut
                + ", and to reuse the drive remove " + device + " and run 'device create' on it";
    }
}

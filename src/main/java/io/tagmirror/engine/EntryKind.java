package io.tagmirror.engine;

/** What a write transaction does to its storage object. */
public enum EntryKind {
    /** Overwrites a range of blocks inside the object. */
    BLOCKS,
    /** Appends blocks past the object's end, growing its length. */
    EXTEND
}

package io.tagmirror.engine.device.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/** An object channel that passes every call to another; tests override the calls they watch or fail. */
public class ForwardingObjectChannel implements ObjectChannel {
    protected final ObjectChannel real;

    public ForwardingObjectChannel(ObjectChannel real) {
        this.real = real;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return real.write(src, position);
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        real.truncate(size);
    }

    @Override
    public void force() throws IOException {
        real.force();
    }

    @Override
    public void close() throws IOException {
        real.close();
    }
}

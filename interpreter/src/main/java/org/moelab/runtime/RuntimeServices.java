package org.moelab.runtime;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.moelab.session.SessionListener;

/**
 * Session-wide state that evaluation uses: the executor, the seed sequence, the cancellation flag,
 * where files resolve, and where output goes.
 */
public record RuntimeServices(
    Executor executor,
    SeedSequence seeds,
    AtomicBoolean cancelled,
    Path workingDirectory,
    SessionListener listener) {}

package org.facelfs.model;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes the test JVM choose its ND4J build as the product does (oneDNN where the CPU has AVX2, or as
 * {@code -Dfacelfs.native} says), before any test touches ND4J: JUnit runs session listeners first.
 * Registered in {@code META-INF/services} of both modules' test resources.
 */
public final class ChooseNativeBuild implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBuild.choose();
    }
}

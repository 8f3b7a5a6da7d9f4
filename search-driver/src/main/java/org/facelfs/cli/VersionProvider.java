package org.facelfs.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FacelfsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"facelfs " + (v == null ? "(development build)" : v)};
    }
}

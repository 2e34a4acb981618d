package io.tandem.common.daemon;

import picocli.CommandLine;

/** {@code --version}: {@code dhcp6d (Tandem) 1.0}, from the jar's manifest, or {@code development build}. */
public abstract class PackageVersion implements CommandLine.IVersionProvider {
    private final String text;

    /** The version of {@code program}, whose main class is {@code main}. */
    protected PackageVersion(String program, Class<?> main) {
        String version = main.getPackage().getImplementationVersion();
        text = program + " (Tandem) " + (version == null ? "development build" : version);
    }

    @Override
    public String[] getVersion() {
        return new String[] {text};
    }
}

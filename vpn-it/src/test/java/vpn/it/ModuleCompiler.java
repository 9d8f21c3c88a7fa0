package vpn.it;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;

/**
 * Builds a cipher module the way a third party would: compiles its sources against the
 * distribution's vpn-api jar alone (javax.tools) and packages them with the JDK's jar tool.
 */
final class ModuleCompiler {

    private ModuleCompiler() {
    }

    /**
     * @param sources relative path (e.g. {@code module-info.java}) to source text
     * @param requiredJars further module jars the sources need (e.g. one built before), compiled
     *     against but not packaged
     * @return the built jar, {@code work/<jarName>}
     */
    static Path build(Path work, String jarName, Map<String, String> sources, Path... requiredJars) throws IOException {
        Path src = Files.createDirectories(work.resolve(jarName + "-src"));
        Path classes = Files.createDirectories(work.resolve(jarName + "-classes"));
        StringBuilder modulePath = new StringBuilder(apiJar().toString());
        for (Path jar : requiredJars) {
            modulePath.append(java.io.File.pathSeparator).append(jar);
        }
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
                "--module-path", modulePath.toString()));
        for (var source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (compiled != 0) {
            throw new AssertionError("javac failed for " + jarName + ": " + diagnostics);
        }
        Path jar = work.resolve(jarName);
        ToolProvider jarTool = ToolProvider.findFirst("jar").orElseThrow();
        StringWriter out = new StringWriter();
        int packed = jarTool.run(new java.io.PrintWriter(out), new java.io.PrintWriter(out),
                "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        if (packed != 0) {
            throw new AssertionError("jar failed for " + jarName + ": " + out);
        }
        return jar;
    }

    private static Path apiJar() throws IOException {
        return Dist.list(Dist.LIB).stream().filter(j -> j.startsWith("vpn-api-")).findFirst()
                .map(Dist.LIB::resolve).orElseThrow(() -> new AssertionError("no vpn-api jar in " + Dist.LIB));
    }
}

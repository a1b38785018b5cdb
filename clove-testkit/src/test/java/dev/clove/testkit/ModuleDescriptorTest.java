// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.ecn.CloveEcn;
import dev.clove.telemetry.CloveInt;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins what each library module exports, as its compiled {@code module-info.class} declares it: the API packages to
 * everyone, the implementation package of clove-core only to the two policy modules built from it, and nothing else.
 * A new exported package, or an internal one made public, fails here first. (Tests run on the class path, so the
 * descriptors are read from the modules' jars or class folders rather than from a module layer.)
 */
class ModuleDescriptorTest {

  @Test
  void eachLibraryModuleExportsOnlyItsApi() throws IOException {
    assertEquals("dev.clove.api exports [dev.clove.api]", exports(LoadBalancer.class));
    assertEquals("dev.clove.core exports [dev.clove.core, dev.clove.core.internal to [dev.clove.ecn, "
        + "dev.clove.telemetry]]", exports(Clove.class));
    assertEquals("dev.clove.ecn exports [dev.clove.ecn, dev.clove.ecn.repath]", exports(CloveEcn.class));
    assertEquals("dev.clove.telemetry exports [dev.clove.telemetry]", exports(CloveInt.class));
    assertEquals("dev.clove.testkit exports [dev.clove.testkit, dev.clove.testkit.sim]", exports(VirtualClock.class));
  }

  @Test
  void librariesRequireNoMoreThanTheyNeed() throws IOException {
    assertEquals("[dev.clove.api, it.unimi.dsi.fastutil.core, java.base]", requires(Clove.class).toString());
    assertEquals("[dev.clove.core, java.base]", requires(CloveEcn.class).toString());
    assertEquals("[java.base]", requires(LoadBalancer.class).toString());
  }

  private static String exports(Class<?> member) throws IOException {
    ModuleDescriptor d = descriptor(member);
    TreeSet<String> exports = new TreeSet<>();
    d.exports().forEach(e -> exports.add(e.isQualified() ? e.source() + " to " + new TreeSet<>(e.targets())
        : e.source()));
    return d.name() + " exports " + exports;
  }

  private static TreeSet<String> requires(Class<?> member) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    descriptor(member).requires().forEach(r -> names.add(r.name()));
    return names;
  }

  /** Reads module-info.class from the jar or class folder that {@code member} was loaded from. */
  private static ModuleDescriptor descriptor(Class<?> member) throws IOException {
    Path location;
    try {
      location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(location)) {
      try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
        return ModuleDescriptor.read(in);
      }
    }
    try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of());
        InputStream in = Files.newInputStream(jar.getPath("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }
}

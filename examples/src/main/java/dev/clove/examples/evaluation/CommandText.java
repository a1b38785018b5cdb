// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line a run was started with, as text a POSIX shell reads back into the same arguments: how the tool
 * was launched (the jar's path, as the working directory sees it) and every argument given, quoted where the shell
 * would otherwise split or expand it. summary.md records it so that a reader can run the same sweep again.
 *
 * <p>Threading: static functions.
 */
final class CommandText {
  private CommandText() {}

  /** Characters a POSIX shell passes through unquoted. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");

  /** {@code argument} as one shell word: unchanged if plain, else in single quotes. */
  static String quote(String argument) {
    if (PLAIN.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  /** The launcher and the quoted {@code arguments}, space-separated. */
  static String of(List<String> arguments) {
    List<String> words = new ArrayList<>(launcher());
    arguments.forEach(a -> words.add(quote(a)));
    return String.join(" ", words);
  }

  /**
   * How this program was started: {@code java -jar <jar>} when it runs from a jar (the path relative to the working
   * directory when the jar is inside it), else {@code java -cp <classes> <main class>}.
   */
  static List<String> launcher() {
    Path location;
    try {
      location = Path.of(Evaluation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return List.of("java", "-jar", "clove-evaluation.jar");
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path shown = location.startsWith(cwd) ? cwd.relativize(location) : location;
    if (location.toString().endsWith(".jar")) {
      return List.of("java", "-jar", quote(shown.toString()));
    }
    return List.of("java", "-cp", quote(shown.toString()), Evaluation.class.getName());
  }
}

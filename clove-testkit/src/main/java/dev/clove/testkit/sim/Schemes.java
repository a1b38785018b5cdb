package dev.clove.testkit.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of built-in schemes, name to {@link Scheme}: the one place where the simulator builds CLOVE
 * balancers and relays, so that adapting to a change in the library's builders is a change to this file only.
 *
 * <p>Threading: immutable after class initialisation; safe from any thread.
 */
public final class Schemes {

  public static final String ECMP = "ecmp";
  public static final String EDGE_FLOWLET = "edge-flowlet";
  public static final String CLOVE_ECN = "clove-ecn";
  public static final String CLOVE_INT = "clove-int";
  public static final String CONGA = "conga";

  private static final Map<String, Scheme> REGISTRY = new LinkedHashMap<>();

  static {
    register(new Scheme(ECMP, ctx -> new StubBalancer(ctx.seed()), ctx -> null, false, false));
    register(new Scheme(CONGA, ctx -> new StubBalancer(ctx.seed()), ctx -> null, true, false));
  }

  private Schemes() {}

  private static void register(Scheme scheme) {
    REGISTRY.put(scheme.name(), scheme);
  }

  /**
   * The scheme named {@code name}.
   *
   * @throws IllegalArgumentException naming the known schemes if there is none by that name
   */
  public static Scheme get(String name) {
    Scheme s = REGISTRY.get(name);
    if (s == null) {
      throw new IllegalArgumentException("scheme: unknown name '" + name + "'; known: " + REGISTRY.keySet());
    }
    return s;
  }

  /** The names of the built-in schemes, in registration order. */
  public static Set<String> names() {
    return java.util.Collections.unmodifiableSet(REGISTRY.keySet());
  }
}

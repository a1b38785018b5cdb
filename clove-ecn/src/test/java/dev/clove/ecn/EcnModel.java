// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately plain reference model of CLOVE-ECN's weights for one destination: maps keyed by port, written from
 * the paper's description and the documented rules, not from the implementation.
 */
final class EcnModel {
  final long interval;
  final long memory;
  final double cutFactor;
  final long tau; // 0: no recovery

  List<Integer> ports = new ArrayList<>();
  Map<Integer, Double> weight = new HashMap<>();
  Map<Integer, Long> lastCut = new HashMap<>();
  Map<Integer, Long> lastReport = new HashMap<>();
  Long clock;
  Long lastDecay;
  int cuts;
  int suppressed;

  EcnModel(long interval, long memory, double cutFactor, long tau) {
    this.interval = interval;
    this.memory = memory;
    this.cutFactor = cutFactor;
    this.tau = tau;
  }

  long time(long t) {
    if (clock != null && t < clock) {
      return clock;
    }
    clock = t;
    return t;
  }

  void paths(List<Integer> newPorts) {
    Map<Integer, Double> w = new HashMap<>();
    Map<Integer, Long> cut = new HashMap<>();
    Map<Integer, Long> rep = new HashMap<>();
    double survivors = 0;
    boolean anySurvivor = false;
    int n = newPorts.size();
    for (int p : newPorts) {
      if (weight.containsKey(p)) {
        anySurvivor = true;
        survivors += weight.get(p);
        w.put(p, weight.get(p));
        if (lastCut.containsKey(p)) {
          cut.put(p, lastCut.get(p));
        }
        if (lastReport.containsKey(p)) {
          rep.put(p, lastReport.get(p));
        }
      } else {
        w.put(p, 1.0 / n);
      }
    }
    if (anySurvivor && survivors <= 0) {
      newPorts.forEach(p -> w.put(p, 1.0 / n));
    }
    ports = new ArrayList<>(newPorts);
    weight = w;
    lastCut = cut;
    lastReport = rep;
    normalise();
  }

  void congestion(int index, long t) {
    long now = time(t);
    decay(now);
    int p = ports.get(index);
    Long cut = lastCut.get(p);
    lastReport.put(p, now);
    if (cut != null && now - cut < interval) {
      suppressed++;
      return;
    }
    List<Integer> receivers = uncongestedOthers(p, now);
    if (receivers.isEmpty()) {
      return;
    }
    double removed = weight.get(p) * cutFactor;
    weight.put(p, weight.get(p) - removed);
    for (int q : receivers) {
      weight.put(q, weight.get(q) + removed / receivers.size());
    }
    lastCut.put(p, now);
    cuts++;
  }

  List<Integer> uncongestedOthers(int p, long now) {
    List<Integer> out = new ArrayList<>();
    for (int q : ports) {
      Long r = lastReport.get(q);
      if (q != p && (r == null || now - r > memory)) {
        out.add(q);
      }
    }
    return out;
  }

  void tick(long t) {
    long now = time(t);
    if (tau > 0 && !ports.isEmpty()) {
      decay(now);
    }
  }

  void decay(long now) {
    if (tau <= 0) {
      return;
    }
    if (lastDecay != null && now > lastDecay) {
      double equal = 1.0 / ports.size();
      double keep = Math.exp(-(double) (now - lastDecay) / tau);
      for (int p : ports) {
        weight.put(p, equal + (weight.get(p) - equal) * keep);
      }
    }
    lastDecay = now;
  }

  void normalise() {
    double sum = 0;
    for (int p : ports) {
      sum += weight.get(p);
    }
    for (int p : ports) {
      weight.put(p, weight.get(p) / sum);
    }
  }

  double[] weights() {
    double[] out = new double[ports.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = weight.get(ports.get(i));
    }
    return out;
  }
}

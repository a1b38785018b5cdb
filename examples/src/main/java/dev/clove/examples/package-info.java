/**
 * Runnable teaching examples, each a class with a {@code main} and a comment header saying what it shows and how
 * to run it: {@link dev.clove.examples.ForwardingLoop} (embedding a balancer). The paper's evaluation lives in
 * {@code dev.clove.examples.evaluation}.
 */
package dev.clove.examples;

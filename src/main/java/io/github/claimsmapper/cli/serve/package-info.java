/**
 * The preview page of {@code serve}: a small HTTP server on the loopback interface (the JDK's own
 * {@code com.sun.net.httpserver}, no dependency) that hands the page its assets from the jar and
 * passes its requests to a {@link io.github.claimsmapper.cli.serve.Workbench}, which answers them
 * with the same loader, façade and command code as the command line. This package owns the
 * transport and its safety (the per-start token, {@code Host} and {@code Origin} checks, body caps,
 * security headers); it knows nothing of mappings.
 */
package io.github.claimsmapper.cli.serve;

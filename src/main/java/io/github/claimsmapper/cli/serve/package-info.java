/**
 * The preview page of {@code serve}: a small HTTP server on the loopback interface (the JDK's own
 * {@code com.sun.net.httpserver}, no dependency) that hands the page its assets from the jar and
 * passes its requests to a {@link io.github.claimsmapper.cli.serve.Workbench}, which answers them
 * with the same loader, façade and command code as the command line. This package owns the
 * transport and its safety (the per-start token, {@code Host} and {@code Origin} checks, body caps,
 * security headers); it knows nothing of mappings.
 *
 * <p>The classes, by role: {@link PreviewServer}, the server (the page and its assets from the jar,
 * and the API calls passed to a {@code Workbench}), listening on 127.0.0.1 only; {@code Guard}, who
 * may talk to it (the {@code Host}, the per-start token, the {@code Origin}), checked before every
 * request; {@link Workbench}, what the page may ask, each a JSON request answered by a JSON
 * document, implemented by the command line over its mapping.
 */
package io.github.claimsmapper.cli.serve;

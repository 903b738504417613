package io.github.claimsmapper.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a user hands us (a mapping, an event, an item, an expectation), read as UTF-8 text with a
 * cap: at most the cap plus one byte is ever read, so {@code /dev/zero} or a huge file is a
 * message, not an {@code OutOfMemoryError}.
 */
public final class TextFile {
  private TextFile() {}

  /** The file holds more than the cap; nothing beyond the cap was read. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final int maxBytes;

    TooLarge(int maxBytes) {
      super("larger than " + describe(maxBytes), null);
      this.maxBytes = maxBytes;
    }

    /** The cap, in bytes. */
    public int maxBytes() {
      return maxBytes;
    }
  }

  /**
   * Reads the whole file, strictly UTF-8 (malformed input is an {@link IOException}).
   *
   * @throws TooLarge when it holds more than {@code maxBytes}
   */
  public static String read(Path file, int maxBytes) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new TooLarge(maxBytes);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** A size for messages: {@code 1 MiB}, {@code 6 MiB}, or bytes when it is no whole MiB. */
  public static String describe(int bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }
}

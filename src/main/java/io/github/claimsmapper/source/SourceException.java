package io.github.claimsmapper.source;

import java.io.IOException;
import java.net.SocketTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The store could not answer. The message names the failure's {@link Kind} (timeout, throttling,
 * unreachable, rejected, ...) and never a key value or item content: those are users' data, and the
 * message reaches logs. The text of every kind is made in one place ({@link #text}).
 */
public final class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as the caller can act on it. */
  public enum Kind {
    /** The call took longer than its timeout. */
    TIMED_OUT,
    /** Not sent: too little of the lookup's time budget was left for it. */
    BUDGET_SPENT,
    /** The store throttled the call (detail: its error code). */
    THROTTLED,
    /** BatchGetItem still left keys unprocessed after its retries. */
    UNPROCESSED,
    /** The store failed with a server error (detail: its error code and HTTP status). */
    FAILED_TO_ANSWER,
    /** The store rejected the request (detail: its error code). */
    REJECTED,
    /** The calling thread was interrupted, or the call aborted. */
    INTERRUPTED,
    /** The store's answer ended before its declared length. */
    CUT_SHORT,
    /** No connection to the store. */
    UNREACHABLE,
    /** The client failed before or after the call (detail: the failure's class). */
    CLIENT_FAILED,
    /** The store sent an item this code cannot read (detail: the attribute's path). */
    UNREADABLE_ITEM,
    /** A key value DynamoDB would refuse, found before the call (detail: why). */
    KEY_REFUSED,
    /** The deadline executor did not run or finish the call (detail: its reason). */
    NOT_ANSWERED,
    /** A query kept sending pages without items. */
    KEPT_PAGING,
    /** Any other failure, described by its message. */
    OTHER
  }

  private final Kind kind;

  /** A failure of kind {@link Kind#OTHER}, described by {@code message}. */
  public SourceException(String message, Throwable cause) {
    this(Kind.OTHER, message, cause);
  }

  private SourceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The failure's kind. */
  public Kind kind() {
    return kind;
  }

  /**
   * A failure of {@code kind} in the DynamoDB {@code operation} ({@code GetItem}, ...), with the
   * kind's {@code detail} where it has one.
   */
  static SourceException of(Kind kind, String operation, String detail, Throwable cause) {
    return new SourceException(kind, text(kind, operation, detail), cause);
  }

  /** The message of each kind: the one place that words a failure. */
  static String text(Kind kind, String operation, String detail) {
    String op = "DynamoDB " + operation;
    return switch (kind) {
      case TIMED_OUT -> op + " timed out";
      case BUDGET_SPENT -> op + " timed out: the lookup's time budget is spent";
      case THROTTLED -> op + " throttled: " + detail;
      case UNPROCESSED -> op + " left keys unprocessed (throttled)";
      case FAILED_TO_ANSWER -> "DynamoDB failed to answer: " + detail;
      case REJECTED -> "DynamoDB rejected the request: " + detail;
      case INTERRUPTED -> op + " was interrupted";
      case CUT_SHORT -> op + " answer was cut short";
      case UNREACHABLE -> "DynamoDB unreachable";
      case CLIENT_FAILED -> op + " failed in the client: " + detail;
      case UNREADABLE_ITEM -> op + " returned an item that cannot be read: " + detail;
      case KEY_REFUSED -> "DynamoDB cannot take the key: " + detail;
      case NOT_ANSWERED -> op + " " + detail;
      case KEPT_PAGING -> op + " kept paging without items";
      case OTHER -> detail;
    };
  }

  /**
   * An SDK failure of {@code operation} by its kind; never the request's or the error's own text.
   */
  static SourceException from(String operation, SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return of(Kind.TIMED_OUT, operation, null, e);
    }
    if (e instanceof SdkServiceException service) {
      String code = errorCode(service);
      if (service.isThrottlingException()) {
        return of(Kind.THROTTLED, operation, code, e);
      }
      if (service.statusCode() >= 500) {
        return of(
            Kind.FAILED_TO_ANSWER, operation, code + " (HTTP " + service.statusCode() + ")", e);
      }
      return of(Kind.REJECTED, operation, code, e);
    }
    if (e instanceof AbortedException) {
      return of(Kind.INTERRUPTED, operation, null, e);
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CompleteBodies.CutShort) {
        return of(Kind.CUT_SHORT, operation, null, e);
      }
      if (cause instanceof SocketTimeoutException
          || cause instanceof ApiCallAttemptTimeoutException
          || cause instanceof ApiCallTimeoutException) {
        return of(Kind.TIMED_OUT, operation, null, e);
      }
      if (cause instanceof IOException) {
        return of(Kind.UNREACHABLE, operation, null, e);
      }
    }
    return of(Kind.CLIENT_FAILED, operation, e.getClass().getSimpleName(), e);
  }

  private static String errorCode(SdkServiceException e) {
    if (e instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorCode() != null
        && !aws.awsErrorDetails().errorCode().isBlank()) {
      return aws.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}

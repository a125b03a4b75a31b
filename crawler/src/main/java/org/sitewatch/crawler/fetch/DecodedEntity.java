package org.sitewatch.crawler.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/** The decoded body with the response's Content-Type exactly as sent. */
final class DecodedEntity extends AbstractHttpEntity {
  private final byte[] bytes;

  DecodedEntity(byte[] bytes, String contentType) {
    super(contentType, null);
    this.bytes = bytes;
  }

  @Override
  public InputStream getContent() {
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  @Override
  public long getContentLength() {
    return bytes.length;
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public void close() {}
}

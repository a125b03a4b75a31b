package org.sitewatch.infra.demo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a raw socket to a loopback port. The JDK clients refuse to set the
 * Host header, which is exactly what virtual hosting needs; no name is ever resolved.
 */
final class RawHttp {

  /** A parsed response; header names are lower case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    String text(Charset charset) {
      return new String(body, charset);
    }
  }

  private final InetAddress address;
  private final int port;

  RawHttp(InetAddress address, int port) {
    this.address = address;
    this.port = port;
  }

  Response get(String host, String path) throws IOException {
    return request("GET", host, path);
  }

  /** Sends one request with {@code Connection: close}; a null host sends no Host header. */
  Response request(String method, String host, String path) throws IOException {
    try (Socket socket = new Socket(address, port)) {
      socket.setSoTimeout(5_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      if (host != null) {
        request.append("Host: ").append(host).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(US_ASCII));
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Response parse(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(US_ASCII));
    if (split < 0) {
      throw new IllegalStateException("no end of headers in " + new String(raw, ISO_8859_1));
    }
    String[] lines = new String(raw, 0, split, ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    return new Response(status, headers, Arrays.copyOfRange(raw, split + 4, raw.length));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

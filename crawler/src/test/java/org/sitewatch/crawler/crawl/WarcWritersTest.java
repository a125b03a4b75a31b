package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Settings;
import org.sitewatch.common.objectstore.S3Target;
import org.sitewatch.crawler.CrawlerSettings;

class WarcWritersTest {
  @TempDir Path dir;

  @Test
  void warcinfoNamesTheObjectStoreLocationButNotItsAccessKeyIdOrEndpoint() {
    S3Settings s3 =
        new S3Settings(
            Optional.of(URI.create("http://minio.internal:9000")),
            S3Settings.DEFAULT_REGION,
            true,
            Optional.of("AKIDEXAMPLE42"),
            Optional.of("s3cr3t-value"));
    CrawlerSettings settings = CrawlerSettings.defaults(dir);
    settings =
        settings.withCapture(
            settings
                .capture()
                .withWarcStore(
                    Optional.of(new S3Target(S3Location.parse("s3://evidence/warc"), s3))));

    String warcinfo = WarcWriters.warcinfo(settings).toString();

    assertThat(WarcWriters.warcinfo(settings).get("configuration"))
        .contains("crawler.warc-store: s3://evidence/warc (credentials: static)");
    assertThat(warcinfo)
        .doesNotContain("AKIDEXAMPLE42")
        .doesNotContain("minio.internal")
        .doesNotContain("s3cr3t-value");
  }
}

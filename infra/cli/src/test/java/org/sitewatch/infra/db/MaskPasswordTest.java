package org.sitewatch.infra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A JDBC URL shown in a message or on the console carries no secret. */
class MaskPasswordTest {

  @Test
  void passwordParametersAreMaskedWhateverTheirPrefixAndCase() {
    assertThat(
            Database.maskPassword(
                "jdbc:postgresql://db:5432/leads?user=sw&password=s3cret&sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/leads?user=sw&password=***&sslmode=require");
    assertThat(Database.maskPassword("jdbc:postgresql://db/leads?sslpassword=k3y"))
        .isEqualTo("jdbc:postgresql://db/leads?sslpassword=***");
    assertThat(Database.maskPassword("jdbc:postgresql://db/leads?PASSWORD=s3cret#x"))
        .isEqualTo("jdbc:postgresql://db/leads?PASSWORD=***#x");
  }

  @Test
  void userInformationBeforeTheHostIsMasked() {
    assertThat(Database.maskPassword("jdbc:postgresql://sw:s3cret@db:5432/leads"))
        .isEqualTo("jdbc:postgresql://***@db:5432/leads");
  }

  @Test
  void aUrlWithoutSecretsIsShownAsItIs() {
    String url = "jdbc:postgresql://127.0.0.1:5432/sitewatch?user=postgres&ssl=true";
    assertThat(Database.maskPassword(url)).isEqualTo(url);
  }

  @Test
  void aLoginNeverShowsItsSecrets() {
    assertThat(
            new Database.Login("jdbc:postgresql://sw:s3cret@db/leads?password=p", "sw", "pw")
                .toString())
        .doesNotContain("s3cret")
        .doesNotContain("=p")
        .doesNotContain("pw");
  }

  @Test
  void aUrlWithUserInformationIsRefusedBeforeTheDriverSeesItAndTheRefusalHoldsNoSecret() {
    assertThatThrownBy(
            () -> Database.external("jdbc:postgresql://sw:s3cret@db:5432/leads", "sw", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry user information")
        .hasMessageContaining("jdbc:postgresql://***@db:5432/leads")
        .hasMessageNotContaining("s3cret");
  }

  /**
   * User information is whatever comes between {@code //} and an {@code @} before the parameters: a
   * password may hold a raw {@code /}, {@code ?}, {@code #}, {@code @}, {@code =}, {@code &} or
   * {@code ;} (a base64 password ends in {@code =}).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          jdbc:postgresql://sw:pa/ss@db:5432/leads         | jdbc:postgresql://***@db:5432/leads
          jdbc:postgresql://sw:pa?ss@db/leads              | jdbc:postgresql://***@db/leads
          jdbc:postgresql://sw:pa#ss@db/leads              | jdbc:postgresql://***@db/leads
          jdbc:postgresql://sw:pa@ss@db/leads?user=sw@corp | jdbc:postgresql://***@db/leads?user=sw@corp
          jdbc:postgresql://sw@db/leads                    | jdbc:postgresql://***@db/leads
          jdbc:postgresql://sw:Zm9v=@db/leads              | jdbc:postgresql://***@db/leads
          jdbc:postgresql://sw:abc+/9==@db/leads?ssl=true  | jdbc:postgresql://***@db/leads?ssl=true
          jdbc:postgresql://sw:pa&ss@db/leads              | jdbc:postgresql://***@db/leads
          jdbc:postgresql://sw:pa;ss@db/leads              | jdbc:postgresql://***@db/leads
          """)
  void userInformationHoldingSeparatorsIsMaskedWholeAndRefused(String url, String masked) {
    assertThat(Database.maskPassword(url)).isEqualTo(masked);
    assertThatThrownBy(() -> Database.external(url, "sw", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry user information")
        .hasMessageEndingWith(masked)
        .hasMessageNotContaining("ss@")
        .hasMessageNotContaining("Zm9v")
        .hasMessageNotContaining("9==");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://db/leads?user=sw@corp",
        "jdbc:postgresql://db/leads?sslmode=require&user=sw@corp"
      })
  void anAtSignInAParameterIsNeitherMaskedNorRefused(String url) {
    assertThat(Database.maskPassword(url)).isEqualTo(url);
    try (Database db = Database.external(url, "sw", "pw")) {
      assertThat(db.jdbcUrl()).isEqualTo(url);
    }
  }

  @Test
  void aUrlTheDriverRefusesIsNamedMaskedWithTheDriversMessageMaskedToo() {
    assertThatThrownBy(
            () ->
                Database.external("jdbc:postgresql://db:no-port/leads?password=s3cret", "sw", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "db.jdbc-url: cannot make a connection pool for"
                + " jdbc:postgresql://db:no-port/leads?password=***: ")
        .hasMessageContaining("driver")
        .hasMessageNotContaining("s3cret")
        .hasNoCause();
  }
}

package org.sitewatch.infra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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

  @Test
  void aUrlTheDriverRefusesIsNamedMaskedAndWithoutTheDriversOwnMessage() {
    assertThatThrownBy(
            () ->
                Database.external("jdbc:postgresql://db:no-port/leads?password=s3cret", "sw", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a URL the PostgreSQL driver accepts")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("s3cret")
        .hasNoCause();
  }
}

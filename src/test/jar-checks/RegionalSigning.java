import software.amazon.awssdk.auth.credentials.*;
import software.amazon.awssdk.core.interceptor.*;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Run against the shaded jar by ShadedJarIT: a regional client resolves its endpoint and signs,
 * stopped before sending.
 */
public class RegionalSigning {
  public static void main(String[] a) {
    var c =
        DynamoDbClient.builder()
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          public void beforeTransmission(
                              Context.BeforeTransmission ctx, ExecutionAttributes at) {
                            System.out.println(
                                ctx.httpRequest().getUri()
                                    + " signed="
                                    + ctx.httpRequest()
                                        .firstMatchingHeader("Authorization")
                                        .isPresent());
                            throw new RuntimeException("stop before sending");
                          }
                        }))
            .build();
    try {
      c.getItem(
          b ->
              b.tableName("t")
                  .key(
                      java.util.Map.of(
                          "id",
                          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                              "x"))));
    } catch (RuntimeException e) {
      System.out.println("stopped: " + e.getMessage());
    }
  }
}

using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Configuration;

namespace ParticipantData.Relay.Tests.Configuration;

public sealed class RelayConfigFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"));

    public RelayConfigFileTests() => Directory.CreateDirectory(_directory);

    private const string LoyaltyAction = """
        {"name": "Get loyalty tier", "config": {"request": {"requestUrlTemplate": "https://crm.example.com/tier/${input.customerId}?key=${credentials.apiKey}", "requestType": "GET"},
          "response": {"translationMap": {"tier": "$.tier"}, "successTemplate": "{\"tier\": ${tier}}"}}}
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_PostgreSQL_store_is_kept_as_written_or_read_from_the_environment()
    {
        var inline = Write("inline.yaml", "store: \"Host=db.internal;Port=5432;Database=relay;Username=relay\"\n");
        var fromEnvironment = Write("env.yaml", "store: env:PDATA_RELAY_STORE\n");
        var missing = Write("missing.yaml", "store: env:NOT_SET_ANYWHERE\n");
        var first = new RelayOptions();
        var second = new RelayOptions();

        RelayConfigFile.Apply(inline, first, _ => null);
        RelayConfigFile.Apply(fromEnvironment, second, name => name == "PDATA_RELAY_STORE" ? "postgres://relay:secret@db/relay" : null);
        var error = Should.Throw<FormatException>(() => RelayConfigFile.Apply(missing, new RelayOptions(), _ => null));

        first.StorePath.ShouldBe("Host=db.internal;Port=5432;Database=relay;Username=relay");
        second.StorePath.ShouldBe("postgres://relay:secret@db/relay");
        error.Message.ShouldContain("NOT_SET_ANYWHERE");
    }

    [Fact]
    public void Reads_port_store_keys_deadline_and_sources_with_credentials_from_the_environment()
    {
        Write("loyalty.json", LoyaltyAction);
        var yaml = Write("relay.yaml", $"""
            port: 8090
            listen: 127.0.0.1
            store: data/relay.db
            deadlineSeconds: 30
            maxRequestBytes: 32768
            ensure: false
            apiKeys:
              - name: architect
                sha256: "{ApiKey.HashText("k1")}"
            sources:
              loyalty:
                dataAction: loyalty.json
                attributes: {"{"} tier: loyalty_tier {"}"}
                credentials: {"{"} apiKey: "env:LOYALTY_KEY" {"}"}
                timeoutSeconds: 3
                retries: 1
            """);
        var options = new RelayOptions();

        RelayConfigFile.Apply(yaml, options, name => name == "LOYALTY_KEY" ? "from-env" : null);

        options.Port.ShouldBe(8090);
        options.StorePath.ShouldBe(Path.Combine(_directory, "data/relay.db"));
        options.DefaultDeadline.ShouldBe(TimeSpan.FromSeconds(30));
        options.MaxRequestBytes.ShouldBe(32768);
        options.Ensure.ShouldBeFalse();
        options.ApiKeys.Single().Name.ShouldBe("architect");
        var source = options.Sources["loyalty"];
        source.Attributes["tier"].ShouldBe("loyalty_tier");
        source.Credentials["apiKey"].ShouldBe("from-env");
        source.AttemptTimeout.ShouldBe(TimeSpan.FromSeconds(3));
        source.Retries.ShouldBe(1);
        source.Action.Name.ShouldBe("Get loyalty tier");
    }

    [Theory]
    [InlineData("apiKeys:\n  - name: crm\n", "has no sha256")]
    [InlineData("apiKeys:\n  - name: crm\n    sha256: nothex\n", "not a SHA-256 hex digest")]
    [InlineData("sources:\n  loyalty:\n    attributes: { tier: loyalty_tier }\n", "dataAction is missing")]
    [InlineData("sources:\n  loyalty:\n    dataAction: missing.json\n    attributes: { tier: t }\n", "does not exist")]
    [InlineData("sources:\n  loyalty:\n    dataAction: loyalty.json\n", "attributes is empty")]
    [InlineData("sources:\n  loyalty:\n    dataAction: loyalty.json\n    attributes: { tier: t }\n    credentials: { apiKey: \"env:NOPE\" }\n", "NOPE, which is not set")]
    [InlineData("prot: 80\n", "line 1")]
    public void A_wrong_file_is_refused_naming_what_is_wrong(string yaml, string message)
    {
        Write("loyalty.json", LoyaltyAction);
        var path = Write("relay.yaml", yaml);

        Should.Throw<FormatException>(() => RelayConfigFile.Apply(path, new RelayOptions(), _ => null)).Message.ShouldContain(message);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

using System.Collections.Frozen;

namespace ParticipantData.Client;

/// <summary>Genesys Cloud regions and their API base URLs (from the official .NET SDK's <c>PureCloudRegionHosts</c>).</summary>
public static class GenesysRegions
{
    private static readonly FrozenDictionary<string, Uri> ApiUrls = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase)
    {
        ["us-east-1"] = new("https://api.mypurecloud.com"),
        ["eu-west-1"] = new("https://api.mypurecloud.ie"),
        ["eu-central-1"] = new("https://api.mypurecloud.de"),
        ["ap-northeast-1"] = new("https://api.mypurecloud.jp"),
        ["ap-southeast-2"] = new("https://api.mypurecloud.com.au"),
        ["us-west-2"] = new("https://api.usw2.pure.cloud"),
        ["ca-central-1"] = new("https://api.cac1.pure.cloud"),
        ["ap-northeast-2"] = new("https://api.apne2.pure.cloud"),
        ["eu-west-2"] = new("https://api.euw2.pure.cloud"),
        ["ap-south-1"] = new("https://api.aps1.pure.cloud"),
        ["us-east-2"] = new("https://api.use2.us-gov-pure.cloud"),
        ["sa-east-1"] = new("https://api.sae1.pure.cloud"),
        ["me-central-1"] = new("https://api.mec1.pure.cloud"),
        ["ap-northeast-3"] = new("https://api.apne3.pure.cloud"),
        ["eu-central-2"] = new("https://api.euc2.pure.cloud"),
        ["mx-central-1"] = new("https://api.mxc1.pure.cloud"),
        ["ap-southeast-1"] = new("https://api.apse1.pure.cloud"),
        ["eusc-de-east-1"] = new("https://api.edee1.eusc-pure.cloud"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The region names, as <c>GENESYSCLOUD_REGION</c> takes them (e.g. <c>us-east-1</c>).</summary>
    public static IReadOnlyCollection<string> Names => ApiUrls.Keys;

    /// <summary>
    /// The API base URL of a region. Accepts <c>us-east-1</c>, the SDK spelling <c>us_east_1</c>, or a bare
    /// environment host such as <c>mypurecloud.ie</c>.
    /// </summary>
    public static bool TryGetApiUrl(string? region, out Uri apiUrl)
    {
        apiUrl = null!;
        if (string.IsNullOrWhiteSpace(region))
        {
            return false;
        }

        var name = region.Trim().Replace('_', '-');
        if (ApiUrls.TryGetValue(name, out var url))
        {
            apiUrl = url;
            return true;
        }

        var host = name.StartsWith("api.", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;
        var match = ApiUrls.Values.FirstOrDefault(u => string.Equals(u.Host[4..], host, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return false;
        }

        apiUrl = match;
        return true;
    }

    /// <summary>
    /// The login (OAuth) origin for an API base URL: <c>https://api.X</c> → <c>https://login.X</c>, as the
    /// official SDK derives it; any other URL (an emulator) serves login on the same origin.
    /// </summary>
    public static Uri LoginUrlFor(Uri apiUrl)
    {
        var text = apiUrl.GetLeftPart(UriPartial.Authority);
        return text.Contains("://api.", StringComparison.OrdinalIgnoreCase)
            ? new Uri(text.Replace("://api.", "://login.", StringComparison.OrdinalIgnoreCase))
            : new Uri(text);
    }
}

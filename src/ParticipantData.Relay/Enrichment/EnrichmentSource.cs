using ParticipantData.Architect.DataActions;

namespace ParticipantData.Relay.Enrichment;

/// <summary>
/// A configured enrichment: a Genesys data action definition (its endpoint, templates, translation map,
/// contract) plus which output field becomes which participant attribute.
/// </summary>
public sealed class EnrichmentSource
{
    public EnrichmentSource(DataAction action, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count == 0)
        {
            throw new ArgumentException("An enrichment source maps at least one output field to an attribute (attributes: {outputField: attribute_name}).", nameof(attributes));
        }

        Action = action;
        Attributes = attributes;
    }

    public DataAction Action { get; }

    /// <summary>Output field (top-level property of the action's output) → participant attribute name.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>Values for <c>${credentials.NAME}</c> in the templates (an API key of the endpoint, say). Never logged.</summary>
    public IDictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>One attempt's timeout. Default: the action's <c>config.timeoutSeconds</c>, else 5 s.</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Retries after a failed attempt (timeouts, 408, 429, 5xx, connection failures). Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First wait between attempts, doubled each time. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    internal TimeSpan EffectiveAttemptTimeout => AttemptTimeout ?? TimeSpan.FromSeconds(Action.TimeoutSeconds ?? 5);
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Delivery;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Monitoring;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Api;

/// <summary>The relay's HTTP API: accept (write, enrichment, the platform's PATCH), status, health and metrics.</summary>
internal sealed class RelayEndpoints(
    RelaySettings settings,
    IRelayStore store,
    ApiKeyAuthenticator authenticator,
    EnrichmentRunner enrichments,
    DeliveryService delivery,
    RelayMetrics metrics,
    HealthCheck health,
    Func<int> platformRequests)
{
    public Task AcceptWriteAsync(HttpContext context) => AuthenticatedAsync(context, async () =>
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var request = WriteRequestParser.ParseWrite(body, settings.MaxDeadlineSeconds);
        await AcceptAsync(context, WriteKind.Attributes, request with { IdempotencyKey = request.IdempotencyKey ?? HeaderKey(context) }).ConfigureAwait(false);
    });

    public Task AcceptEnrichmentAsync(HttpContext context) => AuthenticatedAsync(context, async () =>
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var request = WriteRequestParser.ParseEnrichment(body, settings.MaxDeadlineSeconds);
        if (enrichments.CheckInputs(request.Source!, request.InputsJson!) is { } problem)
        {
            throw RequestError.Invalid(enrichments.HasSource(request.Source!) ? "inputs" : "source", problem);
        }

        await AcceptAsync(context, WriteKind.Enrichment, request with { IdempotencyKey = request.IdempotencyKey ?? HeaderKey(context) }).ConfigureAwait(false);
    });

    /// <summary><c>PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes</c>: the platform's own call, queued.</summary>
    public Task AcceptPlatformPatchAsync(HttpContext context) => AuthenticatedAsync(context, async () =>
    {
        var conversationId = context.Request.RouteValues["conversationId"] as string;
        var participantId = context.Request.RouteValues["participantId"] as string;
        if (!WriteRequestParser.IsUuid(conversationId))
        {
            throw RequestError.Invalid("conversationId", "The conversation id in the path must be a UUID.");
        }

        if (!WriteRequestParser.IsUuid(participantId))
        {
            throw RequestError.Invalid("participantId", "The participant id in the path must be a UUID.");
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var attributes = WriteRequestParser.ParsePlatformBody(body);
        await AcceptAsync(
            context,
            WriteKind.Attributes,
            new AcceptedRequest { ConversationId = conversationId!, ParticipantId = participantId, Attributes = attributes, IdempotencyKey = HeaderKey(context) }).ConfigureAwait(false);
    });

    public Task GetWriteAsync(HttpContext context) => AuthenticatedAsync(context, async () =>
    {
        var text = context.Request.RouteValues["writeId"] as string;
        var write = WriteId.TryParse(text, out var id) ? await store.FindAsync(id, context.RequestAborted).ConfigureAwait(false) : null;
        if (write is null)
        {
            throw new RequestError(404, "not.found", $"There is no write '{Shorten(text)}' on this relay (write ids look like w-0190f1c2-…, as POST /v1/writes answered).");
        }

        await WriteJsonAsync(context, 200, ToView(write), RelayJsonContext.Relaxed.WriteStatusView).ConfigureAwait(false);
    });

    public async Task HealthAsync(HttpContext context)
    {
        var view = await health.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, view.Status == "ok" ? 200 : 503, view, RelayJsonContext.Relaxed.HealthView).ConfigureAwait(false);
    }

    public async Task MetricsAsync(HttpContext context)
    {
        var now = settings.Time.GetUtcNow();
        var queue = await store.GetStatisticsAsync(now, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(metrics.Render(queue, now, platformRequests(), settings.RequestsPerMinute), context.RequestAborted).ConfigureAwait(false);
    }

    public static Task NotFoundAsync(HttpContext context) =>
        WriteErrorAsync(context, new RequestError(404, "not.found", $"No such route: {context.Request.Method} {Shorten(context.Request.Path.Value)}. The relay serves POST /v1/writes, GET /v1/writes/{{writeId}}, POST /v1/enrichments, PATCH /api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes, GET /healthz and GET /metrics."));

    public static Task MethodNotAllowedAsync(HttpContext context) =>
        WriteErrorAsync(context, new RequestError(405, "method.not.allowed", $"{context.Request.Method} is not allowed on {Shorten(context.Request.Path.Value)}."));

    public static Task WriteErrorAsync(HttpContext context, RequestError error)
    {
        var body = new ErrorBody
        {
            Status = error.Status,
            Code = error.Code,
            Message = error.Message,
            ContextId = Guid.NewGuid().ToString("D"),
            Details = error.Field is null ? null : [new ErrorDetail(error.Code, error.Field)],
        };
        if (error.Status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"pdata relay\", Basic realm=\"pdata relay\"";
        }

        return WriteJsonAsync(context, error.Status, body, RelayJsonContext.Relaxed.ErrorBody);
    }

    private async Task AcceptAsync(HttpContext context, WriteKind kind, AcceptedRequest request)
    {
        var now = settings.Time.GetUtcNow();
        var deadline = request.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.DefaultDeadline;
        var write = new NewWrite
        {
            Id = WriteId.New(settings.Time),
            Kind = kind,
            ConversationId = request.ConversationId,
            ParticipantId = request.ParticipantId,
            Purpose = request.Purpose,
            Attributes = request.Attributes,
            Source = request.Source,
            InputsJson = request.InputsJson,
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = request.Hash(),
            AcceptedAt = now,
            DeadlineAt = now + deadline,
        };
        AcceptResult result;
        try
        {
            result = await store.AcceptAsync(write, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RequestError(503, "service.unavailable", "The relay could not store the write, so it was not accepted; retry it. (The store reported: " + e.Message + ")");
        }

        switch (result.Outcome)
        {
            case AcceptOutcome.KeyReused:
                throw new RequestError(409, "idempotency.key.reused", $"The idempotency key was already used for a different request (write {result.Write.Id}); use a new key for a new write.", "idempotencyKey");
            case AcceptOutcome.Duplicate:
                metrics.OnDuplicate();
                break;
            default:
                metrics.OnAccepted();
                delivery.Signal();
                break;
        }

        context.Response.Headers.Location = $"/v1/writes/{result.Write.Id}";
        await WriteJsonAsync(context, 202, new AcceptedView(result.Write.Id.Value, result.Write.Status.ToWire()), RelayJsonContext.Relaxed.AcceptedView).ConfigureAwait(false);
    }

    private async Task AuthenticatedAsync(HttpContext context, Func<Task> handler)
    {
        try
        {
            var (caller, refusal) = authenticator.Authenticate(context.Request);
            if (caller is null)
            {
                throw new RequestError(401, "authentication.required", refusal!);
            }

            await handler().ConfigureAwait(false);
        }
        catch (RequestError error)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestError(415, "unsupported.media.type", $"Content-Type '{Shorten(contentType)}' is not supported: send application/json.");
        }

        var max = settings.MaxRequestBytes;
        if (context.Request.ContentLength > max)
        {
            throw TooLarge(max);
        }

        // Read into one buffer from the pool (the body of a typical write is a few hundred bytes), growing it
        // only for a larger body; the parser gets an exact copy.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(context.Request.ContentLength ?? 4096, max) + 1);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(filled), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > max)
                {
                    throw TooLarge(max);
                }
            }

            return buffer.AsSpan(0, filled).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RequestError TooLarge(int max) =>
        new(413, "request.entity.too.large", $"The request body is larger than the relay accepts ({max.ToString(CultureInfo.InvariantCulture)} bytes); send fewer or shorter attributes.");

    private static string? HeaderKey(HttpContext context) =>
        context.Request.Headers.TryGetValue("Idempotency-Key", out var value) && value.ToString() is { Length: > 0 } key
            ? WriteRequestParser.CheckIdempotencyKey(key, "Idempotency-Key")
            : null;

    private static WriteStatusView ToView(StoredWrite write) => new()
    {
        WriteId = write.Id.Value,
        Kind = write.Accepted.Kind.ToWire(),
        Status = write.Status.ToWire(),
        Reason = write.Reason,
        ConversationId = write.Accepted.ConversationId,
        ParticipantId = write.DeliveredParticipantId ?? write.Accepted.ParticipantId,
        Purpose = write.Accepted.Purpose,
        Source = write.Accepted.Source,
        Attributes = write.Attributes,
        Attempts = write.Attempts,
        ConflictsAbsorbed = write.ConflictsAbsorbed,
        ThrottlesAbsorbed = write.ThrottlesAbsorbed,
        CoalescedWrites = write.CoalescedWrites,
        Guarded = write.Guarded,
        Endpoint = write.EndpointStatus is null && write.EndpointBody is null ? null : new EndpointView(write.EndpointStatus, write.EndpointBody),
        AcceptedAt = Iso(write.Accepted.AcceptedAt),
        DeadlineAt = Iso(write.Accepted.DeadlineAt),
        UpdatedAt = Iso(write.UpdatedAt),
        CompletedAt = write.CompletedAt is { } completed ? Iso(completed) : null,
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Shorten(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;

    private static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
    }
}

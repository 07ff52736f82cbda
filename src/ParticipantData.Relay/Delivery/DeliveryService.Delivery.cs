using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ParticipantData.Client;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Monitoring;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Store.Postgres;

namespace ParticipantData.Relay.Delivery;

/// <summary>One claimed conversation's delivery: the PATCHes to the platform, and how each of its writes ends (applied, failed, or queued for a retry).</summary>
internal sealed partial class DeliveryService
{
    /// <summary>Delivers the ready writes of a conversation, participant by participant; false when some stay queued for a retry.</summary>
    private async Task<bool> DeliverConversationAsync(string conversation, List<StoredWrite> writes, CancellationToken token)
    {
        var now = _time.GetUtcNow();
        var expired = writes.Where(w => w.Accepted.DeadlineAt <= now).ToList();
        if (expired.Count > 0)
        {
            await FailAsync(expired, FailureKind.Deadline, w => $"the deadline passed before the write could be delivered (accepted {w.Accepted.AcceptedAt:O}, deadline {w.Accepted.DeadlineAt:O}){LastReason(w)}").ConfigureAwait(false);
        }

        var live = writes.Except(expired).ToList();
        var retry = false;
        foreach (var target in live.GroupBy(w => w.Accepted.ParticipantId ?? "purpose:" + w.Accepted.Purpose, StringComparer.Ordinal))
        {
            retry |= !await DeliverTargetAsync(conversation, target.ToList(), token).ConfigureAwait(false);
        }

        return !retry;
    }

    /// <summary>Delivers one participant's writes as one PATCH; false when they stay queued for a retry.</summary>
    private async Task<bool> DeliverTargetAsync(string conversation, List<StoredWrite> writes, CancellationToken token)
    {
        var first = writes[0].Accepted;
        string participantId;
        if (first.ParticipantId is { } id)
        {
            participantId = id;
        }
        else
        {
            string? resolved;
            try
            {
                resolved = await _delivery.ResolveAsync(conversation, first.Purpose!, token).ConfigureAwait(false);
            }
            catch (ParticipantDataException e)
            {
                return await OnReadFailureAsync(writes, e).ConfigureAwait(false);
            }

            if (resolved is null)
            {
                await FailAsync(writes, FailureKind.ParticipantNotFound, _ => $"conversation {conversation} has no '{first.Purpose}' participant").ConfigureAwait(false);
                return true;
            }

            participantId = resolved;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            foreach (var (key, value) in write.Attributes!)
            {
                values[key] = value; // acceptance order: the last value of a key wins
            }
        }

        if (writes.Any(w => w.Delivering))
        {
            // The relay stopped while delivering these: the PATCH may have landed. Send only what the participant lacks.
            ParticipantState? state;
            try
            {
                state = await _delivery.ReadAsync(conversation, participantId, token).ConfigureAwait(false);
            }
            catch (ParticipantDataException e)
            {
                return await OnReadFailureAsync(writes, e).ConfigureAwait(false);
            }

            if (state is not null)
            {
                foreach (var (key, value) in values.ToList())
                {
                    if (state.Attributes.TryGetValue(key, out var held) && held == value)
                    {
                        values.Remove(key);
                    }
                }

                if (values.Count == 0)
                {
                    await CompleteAppliedAsync(writes, participantId, new DeliveryResult(true, false, null, 0, 0, 0, false)).ConfigureAwait(false);
                    return true;
                }
            }
        }

        await _store.MarkDeliveringAsync(writes.Select(w => w.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
        var deadline = writes.Max(w => w.Accepted.DeadlineAt) - _time.GetUtcNow();
        var result = await _delivery.WriteAsync(conversation, participantId, values, deadline, token).ConfigureAwait(false);
        _metrics.SamplePlatformRequests(_time.GetUtcNow(), _delivery.Client.ApiRequestCount);
        if (result.Applied)
        {
            await CompleteAppliedAsync(writes, participantId, result).ConfigureAwait(false);
            return true;
        }

        // Failed: ended conversation, a refusal for good, or something that may pass before the deadline.
        ParticipantState? now = null;
        var read = false;
        try
        {
            now = await _delivery.ReadAsync(conversation, participantId, token).ConfigureAwait(false);
            read = true;
        }
        catch (ParticipantDataException e) when (AttributeDelivery.IsPermanent(e))
        {
            await FailAsync(writes, FailureKind.Rejected, _ => $"{result.Failure} (reading the conversation: {e.Message})", result).ConfigureAwait(false);
            return true;
        }
        catch (ParticipantDataException)
        {
            // Cannot tell now; treat as transient below.
        }

        if (now is { Ended: true })
        {
            await FailAsync(writes, FailureKind.ConversationEnded, _ => "conversation ended", result).ConfigureAwait(false);
            return true;
        }

        if (read && now is null)
        {
            await FailAsync(writes, FailureKind.ParticipantNotFound, _ => $"conversation {conversation} has no participant {participantId}: {result.Failure}", result).ConfigureAwait(false);
            return true;
        }

        // Leave them queued, with what was absorbed so far, for a retry after backoff (the deadline decides).
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = WriteStatus.Queued,
                Reason = "retrying: " + result.Failure,
                Attempts = w.Attempts + result.Attempts,
                ConflictsAbsorbed = w.ConflictsAbsorbed + result.Conflicts,
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + result.Throttles,
                CoalescedWrites = writes.Count,
                DeliveredParticipantId = participantId,
                At = _time.GetUtcNow(),
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    private async Task<bool> OnReadFailureAsync(List<StoredWrite> writes, ParticipantDataException e)
    {
        if (AttributeDelivery.IsPermanent(e))
        {
            await FailAsync(writes, FailureKind.Rejected, _ => e.Message).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task CompleteAppliedAsync(List<StoredWrite> writes, string participantId, DeliveryResult result)
    {
        var at = _time.GetUtcNow();
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = result.Verified ? WriteStatus.Verified : WriteStatus.Applied,
                Attempts = w.Attempts + result.Attempts,
                ConflictsAbsorbed = w.ConflictsAbsorbed + result.Conflicts,
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + result.Throttles,
                CoalescedWrites = writes.Count,
                Guarded = result.Guarded,
                DeliveredParticipantId = participantId,
                At = at,
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        _metrics.OnApplied(writes.Count, writes.Select(w => at - w.Accepted.AcceptedAt));
    }

    private async Task FailAsync(List<StoredWrite> writes, FailureKind kind, Func<StoredWrite, string?> reason, DeliveryResult? result = null)
    {
        var at = _time.GetUtcNow();
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = WriteStatus.Failed,
                Reason = reason(w),
                Attempts = w.Attempts + (result?.Attempts ?? 0),
                ConflictsAbsorbed = w.ConflictsAbsorbed + (result?.Conflicts ?? 0),
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + (result?.Throttles ?? 0),
                CoalescedWrites = writes.Count,
                At = at,
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        _metrics.OnFailed(kind, writes.Count);
        _logger.LogWarning("{Count} write(s) failed ({Kind}): {Reason}", writes.Count, RelayMetrics.Label(kind), reason(writes[0]));
    }

    private static string LastReason(StoredWrite write) => write.Reason is { } last ? $"; last attempt: {last}" : "";
}

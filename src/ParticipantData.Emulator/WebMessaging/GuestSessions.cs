namespace ParticipantData.Emulator.WebMessaging;

/// <summary>The guest sessions of a host, by token, bounded: the least recently configured is forgotten first.</summary>
internal sealed class GuestSessions(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<GuestSession>> _byToken = new(StringComparer.Ordinal);
    private readonly LinkedList<GuestSession> _recent = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byToken.Count;
            }
        }
    }

    /// <summary>
    /// The session for <paramref name="token"/> on <paramref name="deploymentId"/>: the existing one (resumed) unless
    /// <paramref name="startNew"/>, or that of <paramref name="resumeToken"/> (now also reachable by the new token), or a new one.
    /// </summary>
    public SessionOpening Open(string token, string deploymentId, bool startNew, string? resumeToken)
    {
        lock (_gate)
        {
            GuestSession? previous = null;
            if (_byToken.TryGetValue(token, out var node))
            {
                if (!string.Equals(node.Value.DeploymentId, deploymentId, StringComparison.Ordinal))
                {
                    return new SessionOpening(null, IsNew: false, Replaced: null, SessionOpeningProblem.OtherDeployment);
                }

                if (!startNew)
                {
                    Touch(node);
                    return new SessionOpening(node.Value, IsNew: false, Replaced: null, null);
                }

                previous = node.Value;
                Remove(node);
            }
            else if (resumeToken is not null && !startNew)
            {
                if (!_byToken.TryGetValue(resumeToken, out var resumed) || !string.Equals(resumed.Value.DeploymentId, deploymentId, StringComparison.Ordinal))
                {
                    return new SessionOpening(null, IsNew: false, Replaced: null, SessionOpeningProblem.ResumeTokenUnknown);
                }

                var moved = new GuestSession(token, deploymentId)
                {
                    ConversationId = resumed.Value.ConversationId,
                    CustomerParticipantId = resumed.Value.CustomerParticipantId,
                    Messages = resumed.Value.Messages,
                };
                Remove(resumed);
                Insert(moved);
                return new SessionOpening(moved, IsNew: false, Replaced: null, null);
            }

            var session = new GuestSession(token, deploymentId);
            Insert(session);
            return new SessionOpening(session, IsNew: true, previous, null);
        }
    }

    /// <summary>Runs <paramref name="update"/> on the session under the lock (sessions are shared by a guest's sockets).</summary>
    public T Update<T>(GuestSession session, Func<GuestSession, T> update)
    {
        lock (_gate)
        {
            return update(session);
        }
    }

    private void Insert(GuestSession session)
    {
        while (_byToken.Count >= capacity && _recent.Last is { } oldest)
        {
            Remove(oldest);
        }

        _byToken[session.Token] = _recent.AddFirst(session);
    }

    private void Remove(LinkedListNode<GuestSession> node)
    {
        _recent.Remove(node);
        _byToken.Remove(node.Value.Token);
    }

    private void Touch(LinkedListNode<GuestSession> node)
    {
        _recent.Remove(node);
        _recent.AddFirst(node);
    }
}

internal enum SessionOpeningProblem
{
    /// <summary>The token already has a session on another deployment.</summary>
    OtherDeployment,

    /// <summary>No session has the <c>resumeToken</c> given.</summary>
    ResumeTokenUnknown,
}

/// <summary>The outcome of <see cref="GuestSessions.Open"/>; <c>Replaced</c> is the session a <c>startNew</c> ended.</summary>
internal sealed record SessionOpening(GuestSession? Session, bool IsNew, GuestSession? Replaced, SessionOpeningProblem? Problem);

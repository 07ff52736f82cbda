using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Routing;

/// <summary>Everything a route handler gets: the HTTP context, route values, the caller and the emulator's services.</summary>
internal sealed class RequestContext(HttpContext http, Exchange exchange, EmulatorServices services, IReadOnlyDictionary<string, string> routeValues)
{
    public HttpContext Http { get; } = http;

    public Exchange Exchange { get; } = exchange;

    public EmulatorServices Services { get; } = services;

    public IReadOnlyDictionary<string, string> RouteValues { get; } = routeValues;

    /// <summary>The bearer token's holder on <c>/api</c> routes; null elsewhere.</summary>
    public IssuedToken? Caller { get; set; }

    public string Route(string name) => RouteValues[name];
}

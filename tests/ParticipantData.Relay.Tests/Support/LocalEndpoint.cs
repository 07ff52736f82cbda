using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ParticipantData.Relay.Tests.Support;

/// <summary>A real HTTP endpoint on 127.0.0.1:0 (a CRM, say) whose answer each test decides; it records what it was sent.</summary>
internal sealed class LocalEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Method, string PathAndQuery, string? Body, string? Caller)> _requests = [];

    private LocalEndpoint(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<(string Method, string PathAndQuery, string? Body, string? Caller)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<LocalEndpoint> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalEndpoint? endpoint = null;
        var count = 0;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            int n;
            lock (endpoint!._requests)
            {
                endpoint._requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString, body.Length == 0 ? null : body, context.Request.Headers["X-Caller"].ToString()));
                n = ++count;
            }

            await handler(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint = new LocalEndpoint(app, new Uri(address));
        return endpoint;
    }

    public static Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

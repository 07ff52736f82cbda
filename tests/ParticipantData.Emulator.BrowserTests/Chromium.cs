using Microsoft.Playwright;

namespace ParticipantData.Emulator.BrowserTests;

/// <summary>
/// Playwright driving the machine's Chromium (Debian's <c>chromium</c> package; <c>PDATA_CHROMIUM</c> overrides the
/// path) in headless mode with a fresh profile per test. Playwright's own browser download is never used. Without
/// Chromium every browser test fails with <see cref="MissingMessage"/>: they are never skipped.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string PathVariable = "PDATA_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath}: the dashboard's browser tests drive it. " +
        $"Install it with 'apt-get update && apt-get install -y chromium' (.ci/run does this in CI), or set {PathVariable} to a Chromium binary.";

    public static async Task<Chromium> LaunchAsync(int width = 1280, int height = 800)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(MissingMessage);
        }

        var profile = Directory.CreateTempSubdirectory("pdata-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                ViewportSize = new ViewportSize { Width = width, Height = height },
                Timeout = 60_000,
            });
            return new Chromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async Task<IPage> OpenAsync(Uri url)
    {
        var page = Context.Pages.Count > 0 ? Context.Pages[0] : await Context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await page.Locator("#live.on").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact (<c>artifacts/dashboard/</c> at the repository root) and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory(), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static string ArtifactsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ParticipantData.slnx")))
        {
            directory = directory.Parent;
        }

        var artifacts = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "dashboard");
        Directory.CreateDirectory(artifacts);
        return artifacts;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a lock file for a moment; the temp directory is cleaned up later.
        }
    }
}

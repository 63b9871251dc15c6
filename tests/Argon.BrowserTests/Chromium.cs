using Microsoft.Playwright;

namespace Argon.BrowserTests;

/// <summary>
/// Debian's Chromium (the `chromium` package, which ./test.sh installs), driven by Playwright, never a browser
/// download: headless, sandbox off (tests may run as root), and every background connection off, because this
/// machine's network is closed. Each launch gets a fresh profile directory, deleted on dispose.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    public IReadOnlyList<IPage> Pages => _context.Pages;

    public static async Task<Chromium> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("argon-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            // A persistent context is how Playwright takes --user-data-dir: here a fresh, empty one.
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Path,
                Headless = true,
                Args = Arguments,
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                Timeout = 60_000,
            });
            return new Chromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A profile left in /tmp is harmless.
        }
    }
}

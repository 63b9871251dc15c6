using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Argon.Benchmarks -- --filter '*'   (or pick with --filter '*Frame*')
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

namespace OneBatch.Tests.Fuzz;

/// <summary>The fuzz properties run one after another, so each case's allocation count is mostly its own.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

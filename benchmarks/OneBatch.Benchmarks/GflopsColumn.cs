using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OneBatch.Benchmarks;

/// <summary>GFLOP/s at the median time: a case's floating-point operations (null: not counted) over its median.</summary>
internal sealed class GflopsColumn(Func<BenchmarkCase, double?> flops) : IColumn
{
    public string Id => "GFLOPs";

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations (a multiply-add counts 2) / median time, in 1e9 per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        => flops(benchmarkCase) is double count && summary[benchmarkCase]?.ResultStatistics is { } stats
            ? (count / stats.Median).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)
            : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

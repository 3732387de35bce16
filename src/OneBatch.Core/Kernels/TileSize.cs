namespace OneBatch.Kernels;

/// <summary>
/// A size known when a kernel is compiled: a register tile's rows, or the distance between two of its rows in
/// memory. The JIT compiles a kernel once per size it is used with, folds the size into the addresses (a broadcast
/// from <c>a + 3 * r</c> becomes one instruction with a constant offset) and drops the rows a tile does not have.
/// </summary>
internal interface ITileSize
{
    static abstract int Value { get; }
}

/// <summary>What a kernel does with a register tile whose row count is fixed when it is compiled.</summary>
internal interface ITileRowsAction
{
    void Run<TRows>()
        where TRows : struct, ITileSize;
}

internal static class TileRows
{
    /// <summary>Runs <paramref name="action"/> compiled for <paramref name="rows"/> rows (1 to 12).</summary>
    public static void Run<TAction>(int rows, ref TAction action)
        where TAction : struct, ITileRowsAction
    {
        switch (rows)
        {
            case 1: action.Run<Size1>(); break;
            case 2: action.Run<Size2>(); break;
            case 3: action.Run<Size3>(); break;
            case 4: action.Run<Size4>(); break;
            case 5: action.Run<Size5>(); break;
            case 6: action.Run<Size6>(); break;
            case 7: action.Run<Size7>(); break;
            case 8: action.Run<Size8>(); break;
            case 9: action.Run<Size9>(); break;
            case 10: action.Run<Size10>(); break;
            case 11: action.Run<Size11>(); break;
            case 12: action.Run<Size12>(); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), rows, "A register tile has 1 to 12 rows.");
        }
    }
}

internal readonly struct Size1 : ITileSize
{
    public static int Value => 1;
}

internal readonly struct Size2 : ITileSize
{
    public static int Value => 2;
}

internal readonly struct Size3 : ITileSize
{
    public static int Value => 3;
}

internal readonly struct Size4 : ITileSize
{
    public static int Value => 4;
}

internal readonly struct Size5 : ITileSize
{
    public static int Value => 5;
}

internal readonly struct Size6 : ITileSize
{
    public static int Value => 6;
}

internal readonly struct Size7 : ITileSize
{
    public static int Value => 7;
}

internal readonly struct Size8 : ITileSize
{
    public static int Value => 8;
}

internal readonly struct Size9 : ITileSize
{
    public static int Value => 9;
}

internal readonly struct Size10 : ITileSize
{
    public static int Value => 10;
}

internal readonly struct Size11 : ITileSize
{
    public static int Value => 11;
}

internal readonly struct Size12 : ITileSize
{
    public static int Value => 12;
}

internal readonly struct Size16 : ITileSize
{
    public static int Value => 16;
}

internal readonly struct Size32 : ITileSize
{
    public static int Value => 32;
}

internal readonly struct Size64 : ITileSize
{
    public static int Value => 64;
}

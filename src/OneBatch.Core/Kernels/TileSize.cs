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

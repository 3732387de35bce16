using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Where an image's or a sequence's channels sit, as Keras's <c>data_format</c> says: last (<c>[batch, H, W, C]</c>,
/// Keras's default and the engine's own layout) or first (<c>[batch, C, H, W]</c>, Keras 1's <c>dim_ordering "th"</c>).
/// A layer given channels-first data moves the channels last, runs as usual and moves them back (see
/// <see cref="DataFormats"/>), so its weights keep Keras's layout and its arithmetic stays the channels-last one.
/// </summary>
public enum DataFormat
{
    /// <summary><c>channels_last</c>: <c>[batch, ..., channels]</c>.</summary>
    ChannelsLast,

    /// <summary><c>channels_first</c>: <c>[batch, channels, ...]</c>.</summary>
    ChannelsFirst,
}

/// <summary>The Keras names of <see cref="DataFormat"/>, and the moves between the two layouts.</summary>
public static class DataFormats
{
    // Permutations for batches of rank 3 to 5 ([N, C, L], [N, C, H, W], [N, C, D, H, W]), kept so a call allocates nothing.
    private static readonly int[][] s_toLast = [[0, 2, 1], [0, 2, 3, 1], [0, 2, 3, 4, 1]];
    private static readonly int[][] s_toFirst = [[0, 2, 1], [0, 3, 1, 2], [0, 4, 1, 2, 3]];

    /// <summary>
    /// The format for <c>"channels_last"</c> or <c>"channels_first"</c> (any case; null means channels-last, as Keras's
    /// default image_data_format); otherwise an error naming <paramref name="layer"/>.
    /// </summary>
    public static DataFormat Parse(string? dataFormat, string layer) =>
        dataFormat?.ToLowerInvariant() switch
        {
            null or "channels_last" => DataFormat.ChannelsLast,
            "channels_first" => DataFormat.ChannelsFirst,
            _ => throw new ArgumentException($"{layer}'s data_format must be \"channels_last\" or \"channels_first\"; got \"{dataFormat}\"."),
        };

    public static string ToKerasName(this DataFormat format) => format == DataFormat.ChannelsFirst ? "channels_first" : "channels_last";

    /// <summary>What a 2-D image layer takes, for the message of a shape that is not it: images in this format.</summary>
    internal static string ImagesExpected(this DataFormat format) =>
        format == DataFormat.ChannelsFirst ? "images [channels, height, width] (rank 3 per sample)" : "images [height, width, channels] (rank 3 per sample)";

    /// <summary>A per-sample shape in <paramref name="format"/> as channels-last: <c>[C, H, W]</c> -> <c>[H, W, C]</c>.</summary>
    public static Shape ToChannelsLast(this DataFormat format, Shape perSample)
    {
        if (format == DataFormat.ChannelsLast || perSample.Rank < 2)
        {
            return perSample;
        }

        Span<int> dims = stackalloc int[perSample.Rank];
        for (int i = 1; i < perSample.Rank; i++)
        {
            dims[i - 1] = perSample[i];
        }

        dims[^1] = perSample[0];
        return new Shape(dims);
    }

    /// <summary>A channels-last per-sample shape laid out in <paramref name="format"/>: <c>[H, W, C]</c> -> <c>[C, H, W]</c>.</summary>
    public static Shape FromChannelsLast(this DataFormat format, Shape perSample)
    {
        if (format == DataFormat.ChannelsLast || perSample.Rank < 2)
        {
            return perSample;
        }

        Span<int> dims = stackalloc int[perSample.Rank];
        dims[0] = perSample[perSample.Rank - 1];
        for (int i = 0; i < perSample.Rank - 1; i++)
        {
            dims[i + 1] = perSample[i];
        }

        return new Shape(dims);
    }

    /// <summary>A batch in <paramref name="format"/> as channels-last: x <c>[N, C, H, W]</c> -> <c>[N, H, W, C]</c> (a differentiable copy).</summary>
    public static Tensor ToChannelsLast(this DataFormat format, Tensor x) =>
        format == DataFormat.ChannelsLast || x.Rank < 3 ? x : Ops.Transpose(x, Permutation(s_toLast, x.Rank));

    /// <summary>A channels-last batch laid out in <paramref name="format"/>: y <c>[N, H, W, C]</c> -> <c>[N, C, H, W]</c>.</summary>
    public static Tensor FromChannelsLast(this DataFormat format, Tensor y) =>
        format == DataFormat.ChannelsLast || y.Rank < 3 ? y : Ops.Transpose(y, Permutation(s_toFirst, y.Rank));

    private static int[] Permutation(int[][] table, int rank) =>
        rank - 3 < table.Length ? table[rank - 3] : throw new ArgumentException($"Channels-first data of rank {rank} is not supported (ranks 3 to 5 are).");
}

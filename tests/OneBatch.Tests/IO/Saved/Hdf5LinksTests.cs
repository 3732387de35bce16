using OneBatch.IO.Keras.Saved;
using PureHDF;

namespace OneBatch.Tests.IO.Saved;

public sealed class Hdf5LinksTests
{
    [Fact]
    public void AKerasFileHoldsOnlyHardLinks()
    {
        var model = SavedModels.Build(SavedModels.Lstm(), seed: 1).Model;
        foreach (byte[] file in new[] { KerasFileWriter.Keras3Weights(model), KerasFileWriter.Keras2FullModel(model, SavedModels.Lstm(), KerasFileWriter.FixedStrings) })
        {
            var groups = Groups(Hdf5.Open(file, "f.h5")).ToArray();

            Assert.True(groups.Length > 5);
            Assert.All(groups, g => Assert.Empty(Hdf5Links.NotHard(g)));
        }
    }

    [Fact]
    public void NamesSoftLinksWithoutFollowingThem()
    {
        // 'loop' names itself: following it would recurse until the stack overflows.
        var group = new H5Group { ["data"] = new H5Dataset(new float[] { 1, 2 }, fileDims: [2]), ["loop"] = new H5SoftLink("loop"), ["alias"] = new H5SoftLink("/g/data") };
        var root = Hdf5.Open(KerasFileWriter.Bytes(new H5File { ["g"] = group }, KerasFileWriter.VariableStrings), "f.h5");

        Assert.Equal(["alias", "loop"], Hdf5Links.NotHard((IH5Group)root.Get("g")).Order(StringComparer.Ordinal));
        Assert.Empty(Hdf5Links.NotHard(root));
    }

    private static IEnumerable<IH5Group> Groups(IH5Group group) =>
        new[] { group }.Concat(group.Children().OfType<IH5Group>().SelectMany(Groups));
}

using System.Collections;
using System.Reflection;
using PureHDF;
using PureHDF.VOL.Native;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The names of a group's links that are not hard links (soft or external), read from the link records PureHDF has
/// decoded, without following them. PureHDF follows every soft or external link as soon as it lists a group's children
/// or looks one up, recursively and without bound: a damaged file whose link names itself overflows the stack, which
/// no handler can catch. Keras writes only hard links, so a group holding another kind is refused before PureHDF goes
/// through it. PureHDF (2.2.0) has no public API for a link's kind, so this reads its internal records by reflection,
/// in the order its own <c>NativeGroup.EnumerateReferences</c> does: a symbol table (old-style groups, what h5py
/// writes by default), else link messages, dense (a fractal heap indexed by a v2 B-tree) or compact (in the header).
/// </summary>
internal static class Hdf5Links
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly PureHdf = typeof(NativeGroup).Assembly;
    private static readonly Type SymbolTableMessage = Internal("PureHDF.VOL.Native.SymbolTableMessage");
    private static readonly Type LinkInfoMessage = Internal("PureHDF.VOL.Native.LinkInfoMessage");
    private static readonly Type LinkMessage = Internal("PureHDF.VOL.Native.LinkMessage");
    private static readonly Type GroupKey = Internal("PureHDF.VOL.Native.BTree1GroupKey");
    private static readonly FieldInfo ScratchPad = Member(typeof(NativeGroup).GetField("_scratchPad", Any));
    private static readonly PropertyInfo Header = Member(typeof(NativeObject).GetProperty("Header", Any));
    private static readonly PropertyInfo Context = Member(typeof(NativeObject).GetProperty("Context", Any));
    private static readonly MethodInfo DecodeGroupKey = Member(typeof(NativeGroup).GetMethod("DecodeGroupKey", Any));
    private static readonly MethodInfo SymbolTableNodes = Member(typeof(NativeGroup).GetMethod("EnumerateSymbolTableNodes", Any));
    private static readonly MethodInfo DenseLinkMessages = Member(typeof(NativeGroup).GetMethod("EnumerateLinkMessagesFromLinkInfoMessage", Any));

    /// <summary>
    /// The names of <paramref name="group"/>'s soft and external links, in stored order (empty for a group of PureHDF's
    /// other readers, which are not files). Throws what PureHDF throws on a damaged file.
    /// </summary>
    public static IReadOnlyList<string> NotHard(IH5Group group)
    {
        if (group is not NativeGroup native)
        {
            return [];
        }

        var found = new List<string>();
        // A symbol table, from the scratch pad cached in the group's entry or from the header's message.
        object? header = null;
        object? table = ScratchPad.GetValue(native) ?? Messages(header = Get(Header, native), SymbolTableMessage).FirstOrDefault();
        if (table is not null)
        {
            var decodeKey = Delegate.CreateDelegate(typeof(Func<>).MakeGenericType(GroupKey), native, DecodeGroupKey);
            object btree = Call(table, "GetBTree1", decodeKey);
            object heap = Get(table, "LocalHeap");
            foreach (object node in (IEnumerable)Invoke(SymbolTableNodes, native, btree))
            {
                foreach (object entry in (IEnumerable)Get(node, "GroupEntries"))
                {
                    // The cache type says what the entry's scratch pad holds: 2, a symbolic (soft) link's value.
                    if (Convert.ToUInt32(Get(entry, "CacheType"), System.Globalization.CultureInfo.InvariantCulture) == 2)
                    {
                        found.Add((string)Call(heap, "GetObjectName", Get(entry, "LinkNameOffset")));
                    }
                }
            }

            return found;
        }

        if (Messages(header!, LinkInfoMessage).FirstOrDefault() is not { } info)
        {
            // No links at all: PureHDF refuses the group itself when asked for its children.
            return found;
        }

        object superblock = Get(Get(Context, native), "Superblock");
        bool dense = !(bool)Call(superblock, "IsUndefinedAddress", Get(info, "BTree2NameIndexAddress"));
        var links = dense ? (IEnumerable)Invoke(DenseLinkMessages, native, info) : Messages(header!, LinkMessage);
        foreach (object link in links)
        {
            if (Get(link, "LinkInfo").GetType().Name != "HardLinkInfo")
            {
                found.Add((string)Get(link, "LinkName"));
            }
        }

        return found;
    }

    private static IEnumerable<object> Messages(object header, Type type) =>
        ((IEnumerable)Call(header, "GetMessages", genericArgument: type)).Cast<object>();

    private static object Get(PropertyInfo property, object target) =>
        property.GetValue(target, BindingFlags.DoNotWrapExceptions, null, null, null) ?? throw Changed(property.Name);

    private static object Get(object target, string property) =>
        Get(Member(target.GetType().GetProperty(property, Any)), target);

    private static object Call(object target, string method, object? argument = null, Type? genericArgument = null)
    {
        var info = Member(target.GetType().GetMethods(Any).FirstOrDefault(m => m.Name == method && m.GetParameters().Length == (argument is null ? 0 : 1)));
        return Invoke(genericArgument is null ? info : info.MakeGenericMethod(genericArgument), target, argument);
    }

    private static object Invoke(MethodInfo method, object target, object? argument) =>
        method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, argument is null ? [] : [argument], null) ?? throw Changed(method.Name);

    private static Type Internal(string name) => PureHdf.GetType(name) ?? throw Changed(name);

    private static T Member<T>(T? member) where T : MemberInfo => member ?? throw Changed(typeof(T).Name);

    private static MissingMemberException Changed(string what) =>
        new($"PureHDF's internal link records are not as PureHDF 2.2.0 has them ({what}); Hdf5Links must be updated.");
}

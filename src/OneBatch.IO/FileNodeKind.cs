namespace OneBatch.IO;

/// <summary>What a path names once symbolic links are followed: a file, a folder, or something that is neither.</summary>
public enum FileNodeKind
{
    RegularFile,
    Folder,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,

    /// <summary>A kind the platform cannot tell, or one not listed.</summary>
    Other,
}

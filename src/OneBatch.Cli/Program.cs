using OneBatch.Cli;

return OneBatchCli.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);

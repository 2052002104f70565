%% The Distributed Erlang child of `rhizome bench peers` (dev.rhizome.bench.peers.PeersBench).
%% It speaks the JVM children's protocol: READY/RESULT/ERROR lines on stdout, commands on stdin,
%% and the same message layout: <<Type:8, A:64, B:64, zero padding>> binaries of 100 bytes
%% (acks 17 bytes, bulk 8 MiB).
%%
%%   erl -noshell -name S@127.0.0.1 -setcookie C -pa DIR -run peers_bench server AckEvery   -> READY S@127.0.0.1
%%   erl -noshell -name K@127.0.0.1 -setcookie C -pa DIR -run peers_bench client S@127.0.0.1 -> READY
%%       commands: warm Ms [Window] | tput Ms Window | lat Ms | hol Ms | info | quit
%%
%% Every wait is bounded (receive ... after); the process halts when stdin closes.
-module(peers_bench).
-export([server/1, client/1]).

-define(DATA, 1).
-define(ACK, 2).
-define(FIN, 3).
-define(FINACK, 4).
-define(PING, 5).
-define(PONG, 6).
-define(BULK, 7).
-define(BULKACK, 8).
-define(PAYLOAD, 100).
-define(SMALL, 17).
-define(BULK_BYTES, 8388608).
-define(BULK_WINDOW, 2).
-define(HOL_INTERVAL_NS, 10000000).

now_ns() -> erlang:monotonic_time(nanosecond).

msg(Type, A, B, Size) -> <<Type:8, A:64/signed, B:64/signed, 0:((Size - 17) * 8)>>.

%% ---- server ---------------------------------------------------------------------------------

server([AckEveryS]) ->
    AckEvery = list_to_integer(AckEveryS),
    register(counter, spawn(fun() -> counter(AckEvery, undefined, 0, 0, 0) end)),
    register(bulk, spawn(fun() -> bulk(undefined, 0) end)),
    io:format("READY ~s~n", [atom_to_list(node())]),
    server_stdin().

server_stdin() ->
    case io:get_line("") of
        eof -> halt(0);
        {error, _} -> halt(0);
        "quit" ++ _ -> halt(0);
        _ -> server_stdin()
    end.

counter(AckEvery, Reply, N, Expected, OutOfOrder) ->
    receive
        {hello, Pid} ->
            Pid ! {hello_ack, self()},
            counter(AckEvery, Pid, N, Expected, OutOfOrder);
        <<?DATA, A:64/signed, _/binary>> ->
            O2 = case A =:= Expected of true -> OutOfOrder; false -> OutOfOrder + 1 end,
            N2 = N + 1,
            case N2 rem AckEvery of
                0 -> Reply ! msg(?ACK, N2, 0, ?SMALL);
                _ -> ok
            end,
            counter(AckEvery, Reply, N2, A + 1, O2);
        <<?FIN, _/binary>> ->
            Reply ! msg(?FINACK, N, OutOfOrder, ?SMALL),
            counter(AckEvery, Reply, 0, 0, 0);
        <<?PING, A:64/signed, B:64/signed, _/binary>> ->
            Reply ! msg(?PONG, A, B, ?PAYLOAD),
            counter(AckEvery, Reply, N, Expected, OutOfOrder);
        _ ->
            counter(AckEvery, Reply, N, Expected, OutOfOrder)
    end.

bulk(Reply, N) ->
    receive
        {hello, Pid} ->
            Pid ! {hello_ack, self()},
            bulk(Pid, N);
        <<?BULK, _/binary>> ->
            Reply ! msg(?BULKACK, N + 1, 0, ?SMALL),
            bulk(Reply, N + 1);
        _ ->
            bulk(Reply, N)
    end.

%% ---- client ---------------------------------------------------------------------------------

client([ServerS]) ->
    Server = list_to_atom(ServerS),
    case connect(Server, 300) of
        true -> ok;
        false -> io:format("ERROR cannot connect to ~s~n", [ServerS]), halt(3)
    end,
    {counter, Server} ! {hello, self()},
    Counter = receive {hello_ack, C} -> C after 30000 -> io:format("ERROR no hello_ack~n"), halt(3) end,
    Counter ! msg(?PING, -1, 0, ?PAYLOAD),
    receive <<?PONG, -1:64/signed, _/binary>> -> ok after 30000 -> io:format("ERROR no handshake pong~n"), halt(3) end,
    io:format("READY~n"),
    client_loop(Server, Counter).

connect(_, 0) -> false;
connect(Server, N) ->
    case net_kernel:connect_node(Server) of
        true -> true;
        _ -> timer:sleep(100), connect(Server, N - 1)
    end.

client_loop(Server, Counter) ->
    case io:get_line("") of
        eof -> halt(4);
        {error, _} -> halt(4);
        Line ->
            Words = string:lexemes(string:trim(Line), " "),
            try command(Words, Server, Counter) of
                quit -> halt(0);
                _ -> client_loop(Server, Counter)
            catch
                Class:Reason ->
                    io:format("ERROR ~p:~p~n", [Class, Reason]),
                    client_loop(Server, Counter)
            end
    end.

command(["quit"], _, _) -> quit;
command(["info"], _, _) ->
    io:format("RESULT describe=Erlang/OTP_~s_ERTS_~s,_distribution_over_TCP,_~p_schedulers~n",
              [erlang:system_info(otp_release), erlang:system_info(version), erlang:system_info(schedulers_online)]);
command(["warm", MsS | Rest], _, Counter) ->
    Window = case Rest of [W] -> list_to_integer(W); [] -> 3000 end,
    End = now_ns() + list_to_integer(MsS) * 1000000,
    Cycles = warm(Counter, End, Window, 0),
    io:format("RESULT cycles=~p~n", [Cycles]);
command(["tput", MsS, WindowS], _, Counter) ->
    {Sent, Received, OutOfOrder, Nanos} = tput(Counter, list_to_integer(MsS), list_to_integer(WindowS)),
    io:format("RESULT sent=~p received=~p outOfOrder=~p nanos=~p~n", [Sent, Received, OutOfOrder, Nanos]);
command(["lat", MsS], _, Counter) ->
    Samples = lat(Counter, list_to_integer(MsS)),
    io:format("RESULT ~s~n", [percentiles(Samples)]);
command(["hol", MsS], Server, Counter) ->
    {Samples, Pings, Lost, BulkMessages, Nanos} = hol(Server, Counter, list_to_integer(MsS)),
    io:format("RESULT ~s pings=~p lostPings=~p bulkBytes=~p bulkNanos=~p~n",
              [percentiles(Samples), Pings, Lost, BulkMessages * ?BULK_BYTES, Nanos]);
command(Other, _, _) ->
    io:format("ERROR unknown command ~p~n", [Other]).

warm(_, _, _, 10000) -> 10000;
warm(Counter, End, Window, Cycles) ->
    case now_ns() < End of
        false -> Cycles;
        true ->
            tput(Counter, 500, Window),
            lat(Counter, 500),
            warm(Counter, End, Window, Cycles + 1)
    end.

flush_mailbox() ->
    receive _ -> flush_mailbox() after 0 -> ok end.

%% W1: at most Window unacknowledged messages; each ack refills; FIN at the deadline.
tput(Counter, Ms, Window) ->
    flush_mailbox(),
    Start = now_ns(),
    Deadline = Start + Ms * 1000000,
    Sent = fill(Counter, 0, Window),
    tput_loop(Counter, Sent, 0, Window, Deadline, Start, false, Deadline + 20000000000).

fill(Counter, Sent, Limit) when Sent < Limit ->
    Counter ! msg(?DATA, Sent, 0, ?PAYLOAD),
    fill(Counter, Sent + 1, Limit);
fill(_, Sent, _) -> Sent.

tput_loop(Counter, Sent, Acked, Window, Deadline, Start, FinSent, GiveUp) ->
    receive
        <<?ACK, A:64/signed, _/binary>> when not FinSent ->
            Acked2 = max(A, Acked),
            case now_ns() >= Deadline of
                true ->
                    Counter ! msg(?FIN, Sent, 0, ?SMALL),
                    tput_loop(Counter, Sent, Acked2, Window, Deadline, Start, true, GiveUp);
                false ->
                    Sent2 = fill(Counter, Sent, Acked2 + Window),
                    tput_loop(Counter, Sent2, Acked2, Window, Deadline, Start, false, GiveUp)
            end;
        <<?FINACK, R:64/signed, O:64/signed, _/binary>> when FinSent ->
            {Sent, R, O, now_ns() - Start};
        _ ->
            tput_loop(Counter, Sent, Acked, Window, Deadline, Start, FinSent, GiveUp)
    after 2000 ->
        case now_ns() of
            Now when Now > GiveUp -> error({no_finack, Sent, Acked});
            Now when Now >= Deadline ->
                Counter ! msg(?FIN, Sent, 0, ?SMALL),
                tput_loop(Counter, Sent, Acked, Window, Deadline, Start, true, GiveUp);
            _ ->
                tput_loop(Counter, Sent, Acked, Window, Deadline, Start, FinSent, GiveUp)
        end
    end.

%% W2: one ping outstanding, the next sent when its pong arrives.
lat(Counter, Ms) ->
    flush_mailbox(),
    Deadline = now_ns() + Ms * 1000000,
    Counter ! msg(?PING, 0, now_ns(), ?PAYLOAD),
    lat_loop(Counter, 0, Deadline, []).

lat_loop(Counter, Seq, Deadline, Acc) ->
    receive
        <<?PONG, S:64/signed, T:64/signed, _/binary>> when S =:= Seq ->
            Now = now_ns(),
            Acc2 = [Now - T | Acc],
            case Now < Deadline of
                true ->
                    Counter ! msg(?PING, Seq + 1, now_ns(), ?PAYLOAD),
                    lat_loop(Counter, Seq + 1, Deadline, Acc2);
                false -> Acc2
            end;
        _ ->
            lat_loop(Counter, Seq, Deadline, Acc)
    after 20000 ->
        error({latency_stalled, Seq})
    end.

%% W3: a ping every 10 ms while a separate process streams 8 MiB binaries to the bulk receiver.
hol(Server, Counter, Ms) ->
    flush_mailbox(),
    Self = self(),
    Bulk = spawn_link(fun() -> bulk_start(Server, Self) end),
    receive {bulk_ready, Bulk} -> ok after 30000 -> error(no_bulk_receiver) end,
    timer:sleep(500),
    C0 = bulk_count(Bulk),
    Start = now_ns(),
    End = Start + Ms * 1000000,
    {Pings, Samples0} = hol_loop(Counter, 0, Start, End, []),
    C1 = bulk_count(Bulk),
    Nanos = now_ns() - Start,
    Samples = hol_wait(Pings, Samples0, now_ns() + 10000000000),
    Bulk ! {stop, Self},
    receive {bulk_done, Bulk} -> ok after 60000 -> ok end,
    {Samples, Pings, Pings - length(Samples), C1 - C0, Nanos}.

bulk_count(Bulk) ->
    Bulk ! {count, self()},
    receive {bulk_count, Bulk, C} -> C after 60000 -> error(bulk_count_timeout) end.

hol_loop(_Counter, Seq, Next, End, Acc) when Next >= End ->
    {Seq, Acc};
hol_loop(Counter, Seq, Next, End, Acc) ->
    Now = now_ns(),
    case Now >= Next of
        true ->
            Counter ! msg(?PING, Seq, now_ns(), ?PAYLOAD),
            hol_loop(Counter, Seq + 1, Next + ?HOL_INTERVAL_NS, End, Acc);
        false ->
            Timeout = (Next - Now + 999999) div 1000000,
            receive
                <<?PONG, _:64/signed, T:64/signed, _/binary>> ->
                    hol_loop(Counter, Seq, Next, End, [now_ns() - T | Acc])
            after Timeout ->
                hol_loop(Counter, Seq, Next, End, Acc)
            end
    end.

hol_wait(Pings, Acc, GiveUp) ->
    case length(Acc) >= Pings of
        true -> Acc;
        false ->
            Left = max(0, (GiveUp - now_ns()) div 1000000),
            receive
                <<?PONG, _:64/signed, T:64/signed, _/binary>> -> hol_wait(Pings, [now_ns() - T | Acc], GiveUp)
            after Left -> Acc
            end
    end.

bulk_start(Server, Parent) ->
    {bulk, Server} ! {hello, self()},
    Receiver = receive {hello_ack, R} -> R after 30000 -> exit(no_bulk_hello_ack) end,
    Parent ! {bulk_ready, self()},
    Bin = msg(?BULK, 0, 0, ?BULK_BYTES),
    bulk_loop(Receiver, Bin, 0, 0, undefined).

%% Sends while fewer than ?BULK_WINDOW are unacknowledged; after stop, drains and reports.
bulk_loop(Receiver, Bin, Sent, Acked, Stop) ->
    case Stop =:= undefined andalso Sent - Acked < ?BULK_WINDOW of
        true ->
            Receiver ! Bin,
            bulk_loop(Receiver, Bin, Sent + 1, Acked, Stop);
        false when Stop =/= undefined, Acked >= Sent ->
            Stop ! {bulk_done, self()};
        false ->
            receive
                <<?BULKACK, _/binary>> -> bulk_loop(Receiver, Bin, Sent, Acked + 1, Stop);
                {count, From} -> From ! {bulk_count, self(), Acked}, bulk_loop(Receiver, Bin, Sent, Acked, Stop);
                {stop, From} -> bulk_loop(Receiver, Bin, Sent, Acked, From)
            after 30000 ->
                case Stop of undefined -> ok; _ -> Stop ! {bulk_done, self()} end
            end
    end.

percentiles([]) -> "count=0 p50=0 p99=0 p999=0 max=0";
percentiles(Samples) ->
    Sorted = lists:sort(Samples),
    Tuple = list_to_tuple(Sorted),
    N = tuple_size(Tuple),
    At = fun(P) -> element(max(1, min(N, ceil(P * N / 100))), Tuple) end,
    lists:flatten(io_lib:format("count=~p p50=~p p99=~p p999=~p max=~p",
                                [N, At(50), At(99), At(99.9), element(N, Tuple)])).

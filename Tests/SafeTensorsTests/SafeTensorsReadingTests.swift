// Reading files piece by piece: what is not a regular file is refused before a byte is read,
// and a header is checked against the file's size before anything it promises is allocated.
import Foundation
import SafeTensors
import Testing

// Before the reader checked the file type, /dev/zero was read until memory ran out and a FIFO
// without a writer blocked forever; now each is refused before a byte is read.
@Test func readingADeviceOrAFIFOIsRefusedAtOnce() throws {
    try withTemporaryDirectory { directory in
        let fifo = directory + "/fifo.safetensors"
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases = [
            ("/dev/zero", "it is a character device, not a regular file"),
            ("/dev/urandom", "it is a character device, not a regular file"),
            (fifo, "it is a FIFO, not a regular file"),
        ]
        for (path, reason) in cases {
            for read in [{ _ = try SafeTensorsFile.read(path: path) }, { _ = try AtomicFile.read(path: path) }] {
                do {
                    try read()
                    Issue.record("read \(path)")
                } catch let error as AtomicFileError {
                    #expect("\(error)" == "\(path): cannot read: \(reason)")
                    #expect(error.operation == .read)
                }
            }
        }
    }
}

/// A header that promises far more data than the file holds is refused from the header alone:
/// the reader never allocates for the data it claims.
@Test func aHeaderClaimingMoreDataThanTheFileHoldsIsRefusedBeforeTheDataIsRead() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/huge.safetensors"
        let terabyte = 1 << 40
        let header = #"{"w":{"dtype":"F32","shape":[\#(terabyte / 4)],"data_offsets":[0,\#(terabyte)]}}"#
        try handFile(header: header, data: f32Bytes([1])).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SafeTensorsFile.read(path: path)
            Issue.record("read a file whose header claims a terabyte")
        } catch {
            #expect("\(error)" == path + ": tensor 'w' has data_offsets [0, \(terabyte)] past the end of the 4-byte data buffer; file truncated?")
        }
    }
}

@Test func readingAFileInPiecesGivesWhatDecodingItsBytesGives() throws {
    try withTemporaryDirectory { directory in
        for (index, bytes) in [sampleFile().encoded(), Data([1, 2, 3]), handFile(header: "{}", headerLength: 100)].enumerated() {
            let path = directory + "/\(index).safetensors"
            try bytes.write(to: URL(fileURLWithPath: path))
            let fromFile = Result { try SafeTensorsFile.read(path: path) }
            let fromBytes = Result { try SafeTensorsFile.decode(bytes, source: path) }
            switch (fromFile, fromBytes) {
            case (.success(let read), .success(let decoded)): #expect(read == decoded)
            case (.failure(let readError), .failure(let decodeError)): #expect("\(readError)" == "\(decodeError)")
            default: Issue.record("reading and decoding \(index) disagree: \(fromFile) vs \(fromBytes)")
            }
        }
    }
}

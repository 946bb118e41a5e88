package io.kfpoperator.apiserver.apply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order structured-merge-diff gives merged set and map lists: applied items in the applied order,
 * live-only items kept where they were relative to them (the expectations are structured-merge-diff's
 * own merge test vectors).
 */
class MergeOrderTest {

    private static final FieldType ROOT = FieldType.struct(Map.of(
            "setStr", FieldType.setList(FieldType.string()),
            "setBool", FieldType.setList(FieldType.bool()),
            "setNumeric", FieldType.setList(FieldType.numeric()),
            "atomicList", FieldType.atomicList(FieldType.string()),
            "list", FieldType.mapList(FieldType.struct(Map.of(
                    "key", FieldType.string(),
                    "id", FieldType.numeric(),
                    "value", FieldType.map(FieldType.string()),
                    "bv", FieldType.bool(),
                    "nv", FieldType.numeric())), "key", "id")));

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"setStr":["a","b","c"]}                     | {"setStr":["a","b"]}                         | {"setStr":["a","b","c"]}
            {"setStr":["a","b"]}                         | {"setStr":["a","b","c"]}                     | {"setStr":["a","b","c"]}
            {"setStr":["a","b","c"]}                     | {"setStr":[]}                                | {"setStr":["a","b","c"]}
            {"setStr":[]}                                | {"setStr":["a","b","c"]}                     | {"setStr":["a","b","c"]}
            {"setStr":["a","b"]}                         | {"setStr":["b","a"]}                         | {"setStr":["b","a"]}
            {"setStr":["a","b","c","g","f"]}             | {"setStr":["c","d","e","f"]}                 | {"setStr":["a","b","c","g","d","e","f"]}
            {"setStr":["c","d","e","f"]}                 | {"setStr":["a","c","e"]}                     | {"setStr":["a","c","d","e","f"]}
            {"setStr":["a","b","c","x","y","z"]}         | {"setStr":["d","e","f","x","y","z"]}         | {"setStr":["a","b","c","d","e","f","x","y","z"]}
            {"setStr":["c","a","g","f"]}                 | {"setStr":["c","f","a","g"]}                 | {"setStr":["c","f","a","g"]}
            {"setStr":["a","b","c","d"]}                 | {"setStr":["d","e","f","a"]}                 | {"setStr":["b","c","d","e","f","a"]}
            {"setStr":["c","d","e","f","g","h","i","j"]} | {"setStr":["2","h","3","e","4","k","l"]}     | {"setStr":["c","d","f","g","2","h","i","j","3","e","4","k","l"]}
            {"setStr":["a","b","c","d","e","f","g","h","i","j"]} | {"setStr":["1","b","2","h","3","e","4","k","l"]} | {"setStr":["a","1","b","c","d","f","g","2","h","i","j","3","e","4","k","l"]}
            {"setStr":["a","b","b"]}                     | {"setStr":["c"]}                             | {"setStr":["a","b","b","c"]}
            {"setStr":["a","b","b"]}                     | {"setStr":["b"]}                             | {"setStr":["a","b"]}
            {"setStr":["a","b","c","d","e","c"]}         | {"setStr":["1","b","2","c","e","d"]}         | {"setStr":["a","1","b","2","c","e","d"]}
            {"setStr":["a","a","b","b"]}                 | {"setStr":["b","c","d"]}                     | {"setStr":["a","a","b","c","d"]}
            {"setBool":[true]}                           | {"setBool":[false]}                          | {"setBool":[true,false]}
            {"setNumeric":[1,2,3.14159]}                 | {"setNumeric":[1,2,3]}                       | {"setNumeric":[1,2,3.14159,3]}
            {"setBool":[true,false,true]}                | {"setBool":[true]}                           | {"setBool":[true,false]}
            {"list":[{"key":"a","id":1},{"key":"b","id":1}]} | {"list":[{"key":"a","id":1},{"key":"a","id":2}]} | {"list":[{"key":"a","id":1},{"key":"b","id":1},{"key":"a","id":2}]}
            {"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]} | {"list":[{"key":"c","id":3},{"key":"a","id":1}]} | {"list":[{"key":"b","id":2},{"key":"c","id":3},{"key":"a","id":1}]}
            {"list":[{"key":"a","id":1,"bv":true},{"key":"b","id":2},{"key":"a","id":1,"bv":false,"nv":2}]} | {"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]} | {"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}
            {"list":[{"key":"a","id":1,"value":{"a":"a"}}]} | {"list":[{"key":"a","id":1,"value":{"b":"b"}}]} | {"list":[{"key":"a","id":1,"value":{"a":"a","b":"b"}}]}
            {"atomicList":["a","b","c"]}                 | {"atomicList":[]}                            | {"atomicList":[]}
            {"atomicList":["a","a","a"]}                 | {"atomicList":null}                          | {"atomicList":null}
            """)
    void mergedListsKeepStructuredMergeDiffsOrder(String live, String applied, String expected) {
        assertThat(Typed.merge(json(live), json(applied), ROOT)).isEqualTo(json(expected));
    }
}
